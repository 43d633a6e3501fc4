/**
 * `npm run test:faults` (also the last step of `npm test`) — proves the promises that only show
 * when things go wrong, against the production build:
 *   1. two instances on one PostgreSQL behave as one: a session from one works on the other and
 *      a sign-out on one ends it on both, the sign-in throttle counts across both, concurrent
 *      retries to both store each event once;
 *   2. SIGKILL of the server, repeatedly, during an ingest load whose client retries with the
 *      same eventIds: every acknowledged event is stored exactly once and the rollups still
 *      equal a recomputation from the raw log;
 *   3. SIGKILL in the middle of a stream of purpose edits: versions and audit trail agree;
 *      and SIGKILL in the middle of an import: it resumes by itself after the restart, with
 *      nobody opening a page, and stores and counts every row once; SIGTERM in the middle of an
 *      import: the server hands it back and exits in time, and the next one finishes it at once;
 *   4. PostgreSQL stopped under load (a throwaway cluster this test creates with initdb on its
 *      own port, never the shared server): /api/health and the API answer 503 quickly, a
 *      sign-out says it failed and keeps the session, and all recover by themselves when it is
 *      back;
 *   5. the embedded database stopped (SIGINT, SIGKILL) while its demo data is being seeded: the
 *      next start seeds it whole, and the one after finds it seeded.
 * Prints the counts and ends with `faults: N passed, N failed`.
 */
import { spawn as spawnProcess, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { BENCH_SECRET, signIn, signOut, spawnServer, stopServer, waitHealthy } from "./lib/harness";

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const PASSWORD = "firstparty-demo";
const results: { name: string; ok: boolean; detail: string }[] = [];

function check(name: string, ok: boolean, detail: string) {
  results.push({ name, ok, detail });
  console.log(`${ok ? "✓" : "✘"} ${name}: ${detail}`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ── servers ──────────────────────────────────────────────────────────────────────

type Server = { port: number; env: Record<string, string>; child: ChildProcess };

const verbose = { stderr: Boolean(process.env.FAULTS_VERBOSE) };

function spawn(
  port: number,
  env: Record<string, string>,
  options: { stderr?: boolean | "pipe" } = verbose,
): Server {
  return { port, env, child: spawnServer(port, { PGLITE_DIR: "", ...env }, options) };
}

async function startServer(port: number, env: Record<string, string>): Promise<Server> {
  const server = spawn(port, env);
  await waitHealthy(port, 60_000);
  return server;
}

function kill(server: Server) {
  stopServer(server.child, "SIGKILL");
}

async function restart(server: Server): Promise<Server> {
  kill(server);
  await sleep(200);
  return spawn(server.port, server.env);
}

// ── HTTP helpers ─────────────────────────────────────────────────────────────────

async function api(port: number, p: string, init: RequestInit & { auth?: string } = {}) {
  const headers = new Headers(init.headers);
  if (init.auth?.startsWith("next-auth")) headers.set("cookie", init.auth);
  else if (init.auth) headers.set("authorization", `Bearer ${init.auth}`);
  if (init.body) headers.set("content-type", "application/json");
  return fetch(`http://127.0.0.1:${port}${p}`, {
    ...init,
    headers,
    signal: init.signal ?? AbortSignal.timeout(15_000),
  });
}

async function createKey(port: number, cookie: string, scopes: string[]): Promise<string> {
  const r = await api(port, "/api/v1/api-keys", {
    method: "POST",
    auth: cookie,
    body: JSON.stringify({ name: `faults ${scopes.join(",")} ${Date.now()}`, scopes }),
  });
  if (r.status !== 201) throw new Error(`creating a key answered ${r.status}: ${await r.text()}`);
  return ((await r.json()) as { key: string }).key;
}

function events(prefix: string, n: number) {
  return Array.from({ length: n }, (_, i) => ({
    eventId: `${prefix}-${i}`,
    subjectId: `${prefix}-s${i % Math.max(1, Math.floor(n / 3))}`,
    purpose: i % 2 ? "newsletter" : "product-analytics",
    action: i % 5 === 0 ? "deny" : i % 7 === 0 ? "withdraw" : "grant",
    occurredAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
    channel: "web",
    region: i % 3 ? "DE" : "US-CA",
  }));
}

// ── databases ────────────────────────────────────────────────────────────────────

async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `firstparty_faults_${Date.now()}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const again = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
      await again.unsafe(`drop database if exists ${name} with (force)`);
      await again.end();
    },
  };
}

/** Rollup totals against a straight recomputation from the raw log (latest decision per pair). */
async function rollupsExact(sql: postgres.Sql): Promise<boolean> {
  const kept = await sql`
    select purpose_id, sum(decided)::int as decided, sum(granted)::int as granted
    from consent_totals group by purpose_id having sum(decided) <> 0 order by purpose_id`;
  const raw = await sql`
    select purpose_id, count(*)::int as decided, count(*) filter (where action = 'grant')::int as granted
    from (select distinct on (subject_id, purpose_id) purpose_id, action from consent_events
          order by subject_id, purpose_id, occurred_at desc, event_id desc) l
    group by purpose_id order by purpose_id`;
  return JSON.stringify(kept) === JSON.stringify(raw);
}

/** The events stored under eventIds starting `<prefix>-`, and whether the rollups are exact. */
async function storedEvents(sql: postgres.Sql, prefix: string) {
  const [row] = (await sql`
    select count(*)::int as n, count(distinct event_id)::int as distinct_ids
    from consent_events where event_id like ${`${prefix}-%`}`) as unknown as [
    { n: number; distinct_ids: number },
  ];
  return { row, exact: await rollupsExact(sql) };
}

// ── 1. two instances ─────────────────────────────────────────────────────────────

async function twoInstances(url: string) {
  // Both at once on the empty database, two workers each: four processes start together, and
  // migrations and the demo seed must happen once, without a worker failing on the way.
  const env = { DATABASE_URL: url, SEED_DEMO: "1", WEB_CONCURRENCY: "2" };
  const [a, b] = [4101, 4102].map((port) => spawn(port, env, { stderr: "pipe" }));
  let stderr = "";
  for (const s of [a!, b!]) s.child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  try {
    await Promise.all([waitHealthy(a!.port, 60_000), waitHealthy(b!.port, 60_000)]);
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    const [{ users, keys }] = (await sql`
      select (select count(*)::int from users) as users,
             (select count(*)::int from api_keys where name = 'Demo ingest key') as keys`) as unknown as [
      { users: number; keys: number },
    ];
    await sql.end();
    const crashed = stderr.split("\n").filter((l) => / ended \(|failed to start/.test(l));
    check(
      "two instances started together: one migration and one demo seed, no worker lost",
      users === 3 && keys === 1 && crashed.length === 0,
      `4 workers on an empty database: ${users} users, ${keys} demo key(s), ${crashed.length} worker(s) lost${crashed.length ? `: ${crashed.join("; ")}` : ""}`,
    );
    await twoInstancesBehaveAsOne(a!, b!, url);
    await workerKilled(a!);
  } finally {
    kill(a!);
    kill(b!);
  }
}

async function twoInstancesBehaveAsOne(a: Server, b: Server, url: string) {
  const cookie = await signIn(a.port, "admin@firstparty.demo", PASSWORD);
  const session = cookie
    ? ((await (await api(b.port, "/api/auth/session", { auth: cookie })).json()) as {
        user?: { email?: string };
      })
    : {};
  const keysOnB = cookie ? (await api(b.port, "/api/v1/api-keys", { auth: cookie })).status : 0;
  check(
    "two instances: a session from one works on the other",
    session.user?.email === "admin@firstparty.demo" && keysOnB === 200,
    `signed in on :${a.port}, :${b.port} sees ${session.user?.email ?? "nobody"} and answers ${keysOnB}`,
  );
  const leaving = await signIn(a.port, "admin@firstparty.demo", PASSWORD);
  const out = leaving ? await signOut(b.port, leaving) : { status: 0 };
  const keysOnA = leaving ? (await api(a.port, "/api/v1/api-keys", { auth: leaving })).status : 0;
  const sessionOnA = leaving
    ? JSON.stringify(await (await api(a.port, "/api/auth/session", { auth: leaving })).json())
    : "";
  check(
    "two instances: a sign-out on one ends the session on the other",
    out.status === 200 && keysOnA === 401 && sessionOnA === "{}",
    `signed out on :${b.port} (${out.status}); :${a.port} then answers the same cookie ${keysOnA}, and its session endpoint ${sessionOnA}`,
  );

  const outcomes: string[] = [];
  for (let i = 0; i < 5; i++) {
    const port = i % 2 ? b.port : a.port;
    outcomes.push(
      (await signIn(port, "privacy@firstparty.demo", "wrong-password")) ? "in" : "refused",
    );
  }
  const afterwards = await signIn(b.port, "privacy@firstparty.demo", PASSWORD);
  const onA = await signIn(a.port, "privacy@firstparty.demo", PASSWORD);
  check(
    "two instances: the sign-in throttle counts across both",
    outcomes.every((o) => o === "refused") && !afterwards && !onA,
    `5 wrong passwords alternating between :${a.port} and :${b.port}, then the right one is refused on both`,
  );

  const key = await createKey(a.port, cookie!, ["ingest"]);
  const batch = JSON.stringify({ events: events(`multi-${Date.now()}`, 1000) });
  const answers = await Promise.all(
    Array.from({ length: 6 }, (_, i) =>
      api(i % 2 ? b.port : a.port, "/api/v1/consent-events", {
        method: "POST",
        auth: key,
        body: batch,
      }).then(async (r) =>
        r.ok ? ((await r.json()) as { accepted: number; duplicates: number }) : null,
      ),
    ),
  );
  const accepted = answers.reduce((s, x) => s + (x?.accepted ?? 0), 0);
  const duplicates = answers.reduce((s, x) => s + (x?.duplicates ?? 0), 0);
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const id = (JSON.parse(batch) as { events: { eventId: string }[] }).events[0]!.eventId.replace(
    /-0$/,
    "",
  );
  const [{ n }] =
    (await sql`select count(*)::int as n from consent_events where event_id like ${`${id}-%`}`) as unknown as [
      { n: number },
    ];
  const exact = await rollupsExact(sql);
  await sql.end();
  check(
    "two instances: concurrent retries to both store each event once",
    answers.every(Boolean) && accepted === 1000 && duplicates === 5000 && n === 1000 && exact,
    `6 identical batches of 1,000 (3 per instance): accepted ${accepted}, duplicates ${duplicates}, stored ${n}, rollups ${exact ? "exact" : "WRONG"}`,
  );

  // Figures shared on one instance are read again there once the other stores events: each
  // worker of :b asked a few times (its copy young), then 10 events sent to :a.
  const grants = async () => {
    const r = await api(b.port, "/api/v1/metrics/consent?from=2026-01-01&to=2026-01-02", {
      auth: cookie!,
    });
    return r.ok ? ((await r.json()) as { events: { grant: number } }).events.grant : -1;
  };
  const seen = new Set<number>();
  for (let i = 0; i < 6; i++) seen.add(await grants());
  const sent = events(`read-back-${Date.now()}`, 10);
  const stored = await api(a.port, "/api/v1/consent-events", {
    method: "POST",
    auth: key,
    body: JSON.stringify({ events: sent }),
  });
  const newGrants = sent.filter((e) => e.action === "grant").length;
  const readBack = await Promise.all([grants(), grants(), grants(), grants()]);
  const [was] = [...seen];
  check(
    "two instances: events stored through one read back at once through the other",
    seen.size === 1 && stored.ok && readBack.every((g) => g === was! + newGrants),
    `grants on :${b.port} before ${[...seen].join("/")}, ${newGrants} more stored on :${a.port} (${stored.status}), then read on :${b.port} at once: ${readBack.join(", ")}`,
  );
}

/** `npm start`'s workers: the processes whose parent is the primary (read from /proc). */
function workersOf(server: Server): number[] {
  return fs
    .readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .filter((pid) => {
      try {
        // "pid (comm) state ppid …": the parent is the second field after the command's ")".
        const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
        return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === server.child.pid;
      } catch {
        return false; // ended meanwhile
      }
    })
    .map(Number);
}

/** SIGKILL of one worker: the other keeps answering, and the primary starts a replacement. */
async function workerKilled(server: Server) {
  const before = workersOf(server);
  process.kill(before[0]!, "SIGKILL");
  let answered = 0;
  let failed = 0;
  let after: number[] = [];
  const started = Date.now();
  while (Date.now() - started < 15_000) {
    try {
      const r = await fetch(`http://127.0.0.1:${server.port}/api/health`, {
        signal: AbortSignal.timeout(2_000),
      });
      if (r.ok) answered++;
      else failed++;
    } catch {
      failed++; // a connection the killed worker held
    }
    after = workersOf(server);
    if (answered >= 20 && after.length === before.length && !after.includes(before[0]!)) break;
    await sleep(50);
  }
  const replaced = after.length === before.length && !after.includes(before[0]!);
  check(
    "a worker killed: the instance keeps answering and replaces it",
    before.length === 2 && replaced && answered >= 20 && failed <= 1,
    `workers ${before.join(", ")} → ${after.join(", ")} after SIGKILL of ${before[0]}; health checks meanwhile: ${answered} answered, ${failed} failed`,
  );
}

// ── 2. SIGKILL during ingest ─────────────────────────────────────────────────────

async function killsDuringIngest(url: string) {
  let server = await startServer(4103, { DATABASE_URL: url });
  const cookie = await signIn(server.port, "admin@firstparty.demo", PASSWORD);
  const key = await createKey(server.port, cookie!, ["ingest"]);
  const prefix = `kill-${Date.now()}`;
  const minBatches = 40;
  const minKills = 4;
  let acknowledged = 0;
  let retries = 0;
  let kills = 0;
  let done = false;
  const killer = (async () => {
    while (!done && kills < 8) {
      // Long enough for the server to start and take load, short enough to hit requests.
      await sleep(kills === 0 ? 800 : 2_500 + Math.random() * 1_000);
      if (done) break;
      server = await restart(server);
      kills++;
    }
  })();
  for (let b = 0; b < minBatches || kills < minKills; b++) {
    const body = JSON.stringify({ events: events(`${prefix}-b${b}`, 500) });
    for (;;) {
      try {
        const r = await api(4103, "/api/v1/consent-events", { method: "POST", auth: key, body });
        if (r.ok) {
          await r.json();
          acknowledged += 500;
          break;
        }
      } catch {
        // the server died under us: retry the same batch, same eventIds
      }
      retries++;
      await sleep(300);
    }
  }
  done = true;
  await killer;
  await waitHealthy(4103);
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const { row, exact } = await storedEvents(sql, prefix);
  await sql.end();
  kill(server);
  check(
    "SIGKILL during ingest: every acknowledged event stored exactly once",
    row.n === acknowledged && row.distinct_ids === acknowledged && kills > 0 && exact,
    `${kills} kills, ${retries} retried requests, ${acknowledged} events acknowledged, ${row.n} stored (${row.distinct_ids} distinct), rollups ${exact ? "equal a recomputation" : "WRONG"}`,
  );
}

// ── 2b. SIGKILL, and SIGTERM, during an import ───────────────────────────────────

type ImportRow = {
  status: string;
  rows: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  attempts: number;
};

/**
 * A 60,000-row consent import started on a fresh server, read back until it has stored some of
 * the file: the server, how to read the job, and what the upload and the start answered.
 */
async function importUnderWay(url: string, port: number) {
  const server = await startServer(port, { DATABASE_URL: url });
  const cookie = await signIn(port, "admin@firstparty.demo", PASSWORD);
  const prefix = `imp-${Date.now()}`;
  const rows = 60_000;
  const lines = ["eventId,subjectId,purpose,action,occurredAt,channel,region"];
  for (let i = 0; i < rows; i++)
    lines.push(
      `${prefix}-${i},${prefix}-s${i % 20_000},${i % 2 ? "newsletter" : "product-analytics"},${i % 5 ? "grant" : "deny"},${new Date(Date.UTC(2026, 1, 1) + i * 1000).toISOString()},web,DE`,
    );
  const base = `http://127.0.0.1:${port}/admin/imports`;
  const upload = await fetch(`${base}/upload?kind=consent&format=csv&name=faults.csv`, {
    method: "POST",
    headers: { cookie: cookie!, "content-type": "text/csv" },
    body: lines.join("\n"),
  });
  const { id } = (await upload.json()) as { id: string };
  const start = await fetch(`${base}/${id}/start`, {
    method: "POST",
    headers: { cookie: cookie!, "content-type": "application/json" },
    body: JSON.stringify({ mapping: null }),
  });
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const job = async () =>
    (
      (await sql`select status, (detail->>'rows')::int as rows, (detail->>'accepted')::int as accepted,
                  (detail->>'duplicates')::int as duplicates, (detail->>'rejected')::int as rejected,
                  coalesce((detail->>'attempts')::int, 0) as attempts
                from jobs where id = ${id}`) as unknown as ImportRow[]
    )[0]!;
  let before = await job();
  for (const began = Date.now(); before.rows < 5_000 && Date.now() - began < 60_000;) {
    await sleep(100);
    before = await job();
  }
  /** Waits for the import to end, up to `limitMs`; the seconds it took and its last state. */
  const untilDone = async (limitMs: number) => {
    const from = Date.now();
    let after = await job();
    while (after.status !== "done" && Date.now() - from < limitMs) {
      await sleep(1_000);
      after = await job();
    }
    return { after, waited: Math.round((Date.now() - from) / 1000) };
  };
  const ok = upload.status === 201 && start.ok && before.status === "running" && before.rows < rows;
  return { server, sql, job, untilDone, prefix, rows, before, ok };
}

/** Every row of the file stored and counted once, with rollups equal to a recomputation. */
async function storedOnce(
  sql: postgres.Sql,
  prefix: string,
  rows: number,
  after: ImportRow,
): Promise<{ ok: boolean; detail: string }> {
  const { row: stored, exact } = await storedEvents(sql, prefix);
  return {
    ok:
      after.status === "done" &&
      after.rows === rows &&
      after.accepted === rows &&
      after.duplicates === 0 &&
      stored.n === rows &&
      stored.distinct_ids === rows &&
      exact,
    detail: `${after.accepted} stored, ${after.duplicates} already there, ${after.rejected} rejected; ${stored.n} events in the log (${stored.distinct_ids} distinct), rollups ${exact ? "equal a recomputation" : "WRONG"}`,
  };
}

/**
 * An import's instance killed half-way, restarted, and nobody opening a page: the import goes on
 * by itself once its runner is seen gone (the job sweeper), from its last committed batch, and
 * ends with every row stored and counted once.
 */
async function killDuringImport(url: string) {
  const port = 4107;
  const run = await importUnderWay(url, port);
  const server = await restart(run.server);
  await waitHealthy(port);
  // A runner is seen gone after a minute without a heartbeat; a sweep comes every 30 seconds.
  const { after, waited } = await run.untilDone(180_000);
  const stored = await storedOnce(run.sql, run.prefix, run.rows, after);
  await run.sql.end();
  kill(server);
  check(
    "SIGKILL during an import: it goes on by itself after a restart, each row stored and counted once",
    run.ok && stored.ok,
    `killed at ${run.before.rows} of ${run.rows} rows (${run.before.status}); ${after.status} ${waited} s later with nobody watching: ${stored.detail}`,
  );
}

/**
 * An import's instance stopped (SIGTERM, as a deploy or a container stop does): it hands the
 * import back after the batch it is storing, the attempt not counted, and exits in time; the next
 * instance takes it up within seconds (no minute of silence to wait for) and finishes it.
 */
async function stopDuringImport(url: string) {
  const port = 4108;
  const run = await importUnderWay(url, port);
  const exited = new Promise<number | null>((resolve) => run.server.child.once("exit", resolve));
  const stoppedAt = Date.now();
  stopServer(run.server.child, "SIGTERM");
  const code = await exited;
  const stopSeconds = (Date.now() - stoppedAt) / 1000;
  const handedBack = await run.job();
  const server = await startServer(port, { DATABASE_URL: url });
  const { after, waited } = await run.untilDone(60_000);
  const stored = await storedOnce(run.sql, run.prefix, run.rows, after);
  await run.sql.end();
  kill(server);
  check(
    "SIGTERM during an import: handed back at once, taken up by the next instance within seconds, each row stored once",
    run.ok &&
      code === 0 &&
      stopSeconds < 10 &&
      handedBack.status === "queued" &&
      handedBack.attempts === 0 &&
      waited < 20 &&
      after.attempts === 1 &&
      stored.ok,
    `stopped at ${run.before.rows}+ of ${run.rows} rows: exit ${code} after ${stopSeconds.toFixed(1)} s, the import ${handedBack.status} at ${handedBack.rows} rows (${handedBack.attempts} attempts counted); ${after.status} ${waited} s after the next start (${after.attempts} attempt): ${stored.detail}`,
  );
}

// ── 3. SIGKILL during purpose edits ──────────────────────────────────────────────

async function killDuringPurposeEdits(url: string) {
  let server = await startServer(4104, { DATABASE_URL: url });
  const cookie = await signIn(server.port, "admin@firstparty.demo", PASSWORD);
  const key = await createKey(server.port, cookie!, ["admin"]);
  let saved = 0;
  let failed = 0;
  const editor = (async () => {
    for (let i = 0; i < 400; i++) {
      try {
        const current = await api(4104, "/api/v1/purposes/newsletter", { auth: key });
        if (!current.ok) throw new Error(String(current.status));
        const { version } = (await current.json()) as { version: number };
        const r = await api(4104, "/api/v1/purposes/newsletter", {
          method: "PATCH",
          auth: key,
          body: JSON.stringify({
            version,
            name: `Newsletter (edit ${i})`,
            retentionDays: 300 + (i % 60),
          }),
        });
        if (r.ok) saved++;
        else failed++;
      } catch {
        failed++;
        await sleep(200);
      }
    }
  })();
  for (let k = 0; k < 3; k++) {
    await sleep(1_000 + Math.random() * 1_000);
    server = await restart(server);
  }
  await editor;
  await waitHealthy(4104);
  kill(server);
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const [p] =
    (await sql`select id, version, name from purposes where key = 'newsletter'`) as unknown as [
      { id: string; version: number; name: string },
    ];
  const [v] =
    (await sql`select count(*)::int as n, max(version)::int as max from purpose_versions where purpose_id = ${p.id}`) as unknown as [
      { n: number; max: number },
    ];
  const [a] =
    (await sql`select count(*)::int as n from audit_events where entity_type = 'purpose' and entity_id = 'newsletter' and action in ('purpose.create', 'purpose.update', 'purpose.retire')`) as unknown as [
      { n: number },
    ];
  const [snap] =
    (await sql`select snapshot->>'name' as name from purpose_versions where purpose_id = ${p.id} and version = ${p.version}`) as unknown as [
      { name: string },
    ];
  await sql.end();
  check(
    "SIGKILL during purpose edits: purpose, versions and audit trail agree",
    v.n === p.version && v.max === p.version && a.n === p.version && snap?.name === p.name,
    `3 kills, ${saved} edits saved, ${failed} lost to the kills; version ${p.version}, ${v.n} version rows, ${a.n} audit events, latest snapshot ${snap?.name === p.name ? "matches" : "DIFFERS"}`,
  );
}

// ── 4. PostgreSQL stopped ────────────────────────────────────────────────────────

/** PG_BIN, or the newest version in Debian's layout (/usr/lib/postgresql/<version>/bin). */
function pgBin(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = "/usr/lib/postgresql";
  const versions = fs.existsSync(root)
    ? fs.readdirSync(root).sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions[0])
    throw new Error(
      "PostgreSQL server binaries (initdb, pg_ctl) not found in /usr/lib/postgresql/<version>/bin: install them, or set PG_BIN to their folder",
    );
  return path.join(root, versions[0], "bin");
}

function asPostgres(command: string, args: string[]) {
  const root = process.getuid?.() === 0;
  const result = root
    ? spawnSync("runuser", ["-u", "postgres", "--", command, ...args], { encoding: "utf8" })
    : spawnSync(command, args, { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr || result.stdout}`);
}

async function postgresStopped() {
  const bin = pgBin();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fp-faults-pg-"));
  fs.chmodSync(dir, 0o777);
  const data = path.join(dir, "data");
  const port = 5499;
  const pgctl = (...args: string[]) =>
    asPostgres(path.join(bin, "pg_ctl"), ["-D", data, "-w", "-t", "30", ...args]);
  asPostgres(path.join(bin, "initdb"), [
    "-D",
    data,
    "-U",
    "postgres",
    "--auth=trust",
    "-E",
    "UTF8",
  ]);
  const opts = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir}`;
  pgctl("-o", opts, "-l", path.join(dir, "log"), "start");
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let server: Server | undefined;
  try {
    server = await startServer(4105, { DATABASE_URL: url, SEED_DEMO: "1" });
    const cookie = await signIn(4105, "admin@firstparty.demo", PASSWORD);
    const key = await createKey(4105, cookie!, ["read"]);
    pgctl("-m", "immediate", "stop");
    const timed = async (p: string, auth?: string) => {
      const t = performance.now();
      const r = await api(4105, p, { auth });
      const body = (await r.json()) as { error?: string };
      return { status: r.status, ms: performance.now() - t, body };
    };
    const health = await timed("/api/health");
    const metrics = await timed("/api/v1/metrics/overview", key);
    check(
      "PostgreSQL down: /api/health and the API answer 503 quickly",
      health.status === 503 &&
        metrics.status === 503 &&
        health.ms < 3_000 &&
        metrics.ms < 6_000 &&
        typeof metrics.body.error === "string",
      `health ${health.status} in ${Math.round(health.ms)} ms, metrics ${metrics.status} in ${Math.round(metrics.ms)} ms`,
    );
    // A sign-out that cannot end the session on the server must not pretend it did.
    const refused = await signOut(4105, cookie!);
    check(
      "PostgreSQL down: a sign-out answers 503 and keeps the browser's cookie",
      refused.status === 503 && !refused.cleared,
      `sign-out ${refused.status}, cookie ${refused.cleared ? "cleared" : "kept"}`,
    );
    await sleep(2_000);
    pgctl("-o", opts, "-l", path.join(dir, "log"), "start");
    const t = Date.now();
    await waitHealthy(4105, 60_000);
    const again = await api(4105, "/api/v1/metrics/overview", { auth: key });
    check(
      "PostgreSQL back: the app recovers by itself",
      again.status === 200,
      `healthy again ${Date.now() - t} ms after PostgreSQL restarted; metrics ${again.status}`,
    );
    const stillIn = await api(4105, "/api/v1/metrics/overview", { auth: cookie! });
    const out = await signOut(4105, cookie!);
    const after = await api(4105, "/api/v1/metrics/overview", { auth: cookie! });
    check(
      "PostgreSQL back: the session the failed sign-out kept works, and a sign-out then ends it",
      stillIn.status === 200 && out.status === 200 && out.cleared && after.status === 401,
      `before ${stillIn.status}; sign-out ${out.status}, cookie ${out.cleared ? "cleared" : "kept"}; after ${after.status}`,
    );
  } finally {
    if (server) kill(server);
    try {
      pgctl("-m", "immediate", "stop");
    } catch {
      // already stopped
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// ── 5. a production instance: no demo accounts, admin:create, the client's address ─────────

/** next-auth's credentials flow with extra request headers; the error code, or null when signed in. */
async function signInError(port: number, email: string, password: string, headers: HeadersInit) {
  const base = `http://127.0.0.1:${port}`;
  const csrf = await fetch(`${base}/api/auth/csrf`, { headers });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { ...headers, "content-type": "application/x-www-form-urlencoded", cookie },
    body: new URLSearchParams({ csrfToken, email, password, json: "true", callbackUrl: base }),
  });
  const { url } = (await response.json()) as { url: string };
  return new URL(url, base).searchParams.get("error");
}

async function productionInstance(url: string) {
  const port = 4106;
  const server = await startServer(port, { DATABASE_URL: url });
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ n: number }[]>`select count(*)::int as n from users`;
    const n = row?.n ?? -1;
    const demo = await signIn(port, "admin@firstparty.demo", PASSWORD);
    const login = await (await fetch(`http://127.0.0.1:${port}/login`)).text();
    check(
      "production: no account exists and no demo notice shows until admin:create",
      n === 0 && demo === null && !login.includes("demo-notice"),
      `${n} users, demo admin ${demo ? "signed in" : "refused"}, notice ${login.includes("demo-notice") ? "shown" : "absent"}`,
    );

    const created = spawnSync(
      "npx",
      [
        "tsx",
        "--conditions=react-server",
        "scripts/admin-create.ts",
        "--email",
        "Owner@Example.com",
      ],
      {
        encoding: "utf8",
        env: { ...process.env, DATABASE_URL: url, NEXTAUTH_URL: `http://127.0.0.1:${port}` },
      },
    );
    const link = /(http:\/\/127\.0\.0\.1:\d+\/set-password\?token=[\w-]+)/.exec(
      created.stdout,
    )?.[1];
    const page = link ? await (await fetch(link)).text() : "";
    const tampered = link ? await (await fetch(`${link.slice(0, -2)}xx`)).text() : "";
    const [token] = await sql<{ token_hash: string; expires_at: Date }[]>`
      select token_hash, expires_at from password_tokens`;
    check(
      "production: npm run admin:create prints a one-time link that opens the set-password form",
      created.status === 0 &&
        page.includes("owner@example.com") &&
        page.includes('name="newPassword"') &&
        !tampered.includes('name="newPassword"') &&
        !!token &&
        !token.token_hash.includes(link!.split("token=")[1]!) &&
        Math.abs(token.expires_at.getTime() - Date.now() - 24 * 3600_000) < 120_000,
      `exit ${created.status}; link ${link ? "printed" : "missing"}; form ${page.includes('name="newPassword"') ? "shown" : "missing"}; tampered link ${tampered.includes('name="newPassword"') ? "accepted" : "refused"}`,
    );

    // A client that writes another X-Forwarded-For on every request is still one address.
    let refused: string | null = null;
    for (let i = 0; i <= 30; i++) {
      refused = await signInError(port, `nobody-${i}@example.com`, "wrong", {
        "x-forwarded-for": `198.51.100.${i}`,
        "x-real-ip": `203.0.113.${i}`,
      });
    }
    check(
      "production: a client that changes X-Forwarded-For on every request is throttled by its address",
      refused === "RateLimited",
      `31st failed sign-in from one socket with 31 different X-Forwarded-For: ${refused}`,
    );
  } finally {
    await sql.end();
    kill(server);
  }
}

// ── 5. The embedded database stopped while its demo data is seeded ───────────────

/** `server.mjs` on an embedded folder, its output gathered so the test can wait for a line. */
function embedded(dir: string, port: number) {
  const child = spawnProcess("node", ["server.mjs", "-H", "127.0.0.1", "-p", String(port)], {
    env: {
      ...process.env,
      DATABASE_URL: "",
      PGLITE_DIR: dir,
      NEXTAUTH_SECRET: BENCH_SECRET,
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
    },
    stdio: ["ignore", "pipe", verbose.stderr ? "inherit" : "ignore"],
    detached: true,
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return {
    child,
    exited,
    output: () => output,
    async waitFor(line: RegExp, ms: number) {
      for (const started = Date.now(); Date.now() - started < ms; await sleep(20))
        if (line.test(output)) return true;
      return false;
    },
  };
}

const SEEDED = /Synthetic customers: (\d+) with \d+ consent events/;

/**
 * The first start of the quick start seeds the demo in one transaction, for a few seconds: a
 * Ctrl-C (SIGINT) or a kill (SIGKILL) in the middle leaves the folder empty or seeded whole,
 * never half. The next start opens the folder (the lock of a process that is gone taken for a
 * former life) and seeds it if it is empty; the one after finds it seeded. Ctrl-C may let the
 * seed finish first (PGlite works on the process's one thread), a kill never does.
 */
async function stoppedWhileSeeding(signal: "SIGINT" | "SIGKILL"): Promise<unknown> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "firstparty-faults-seed-"));
  const port = 3130;
  const starts: ReturnType<typeof embedded>[] = [];
  const customers = async () => {
    const session = await signIn(port, "admin@firstparty.demo", PASSWORD);
    if (!session) return "admin refused";
    const answer = await api(port, "/api/v1/metrics/profiles", { auth: session });
    return answer.ok ? ((await answer.json()) as { profiles: number }).profiles : answer.status;
  };
  try {
    const first = embedded(dir, port);
    starts.push(first);
    // Stopped a moment into the seed's transaction.
    const seeding = await first.waitFor(/Seeding the demo data/, 60_000);
    await sleep(300);
    const seededBefore = SEEDED.test(first.output());
    const stoppedAt = Date.now();
    stopServer(first.child, signal);
    const code = await first.exited;
    const stopMs = Date.now() - stoppedAt;
    const found: unknown[] = [];
    for (let i = 0; i < 2; i++) {
      const next = embedded(dir, port);
      starts.push(next);
      await waitHealthy(port, 90_000);
      await next.waitFor(/Firstparty database: /, 30_000);
      found.push(await customers());
      stopServer(next.child, "SIGTERM");
      await next.exited;
    }
    const seeds = starts.map((s) => Number(SEEDED.exec(s.output())?.[1] ?? 0));
    const seededBy = seeds.flatMap((n, i) => (n > 0 ? [i] : []));
    const seeded = seeds[seededBy[0] ?? 0];
    const who = ["the stopped start", "the next start", "the one after"];
    check(
      `${signal} while the embedded demo is seeded: never half-seeded, seeded once`,
      seeding &&
        !seededBefore &&
        stopMs < 10_000 &&
        seededBy.length === 1 &&
        (signal === "SIGINT" || seededBy[0] === 1) &&
        typeof found[0] === "number" &&
        found[0] > 0 &&
        found[1] === found[0],
      `stopped during the seed, exit ${code} in ${stopMs} ms; seeded by ${seededBy.map((i) => who[i]).join(" and ") || "no start"} (${seeded} customers); profiles the next two starts find: ${found.join(", ")}`,
    );
    return found[0];
  } finally {
    for (const s of starts) stopServer(s.child, "SIGKILL");
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  if (!fs.existsSync(".next/BUILD_ID"))
    throw new Error("Run `npm run build` first: the fault tests drive the production server.");
  // FAULTS_ONLY=production (or instances, postgres, embedded) runs one group while working on it.
  const only = process.env.FAULTS_ONLY;
  if (!only || only === "instances") {
    const db = await freshDatabase();
    try {
      await twoInstances(db.url);
      await killsDuringIngest(db.url);
      await killDuringImport(db.url);
      await stopDuringImport(db.url);
      await killDuringPurposeEdits(db.url);
    } finally {
      await db.drop();
    }
  }
  if (!only || only === "production") {
    const empty = await freshDatabase();
    try {
      await productionInstance(empty.url);
    } finally {
      await empty.drop();
    }
  }
  if (!only || only === "postgres") await postgresStopped();
  if (!only || only === "embedded") {
    // The demo is the same every time: seeded by the stopped start or by the next, it is whole.
    const profiles = [await stoppedWhileSeeding("SIGINT"), await stoppedWhileSeeding("SIGKILL")];
    check(
      "the same demo either way: seeded by the start Ctrl-C stopped, or by the start after a kill",
      typeof profiles[0] === "number" && profiles[0] === profiles[1],
      `profiles: ${profiles.join(" and ")}`,
    );
  }
  const failed = results.filter((r) => !r.ok).length;
  console.log(`\nfaults: ${results.length - failed} passed, ${failed} failed`);
  fs.mkdirSync(".data/test-results", { recursive: true });
  fs.writeFileSync(".data/test-results/faults.json", JSON.stringify({ results }, null, 2));
  process.exit(failed ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
