/**
 * `npm run bench:imports` — a 1M-row consent CSV (no eventIds: they are derived) uploaded to the
 * production server on PostgreSQL and imported by its job: upload MB/s, the job's rows/s, rows/s
 * end to end (upload and import), the server's largest resident memory (every process of its
 * group, sampled each 250 ms), and the p95 of the consent metrics API alone and during the
 * import; the rollups are then checked against a full rebuild. The same for a smaller file on
 * the embedded database, and the p95 of Segment batches of 100 messages. Then the same 1M rows
 * again, on a fresh database, by a server sized for a small host (SMALL_SERVER below: one
 * worker, heap limits), to show its memory against the target of 300 MB.
 * Needs `npm run build` first and the PostgreSQL at BENCH_DATABASE_URL. BENCH_SERVER_NODE_OPTIONS
 * gives the default server's processes Node options (the small server has its own).
 * Sizes: BENCH_IMPORT_ROWS (1,000,000), BENCH_IMPORT_PGLITE (200,000). BENCH_SEGMENT_ONLY=N
 * measures only the Segment batches, N of them after the warm-up, on an empty database: to
 * compare two builds within one run (this script, run from each build's folder in turn);
 * BENCH_SMALL_ONLY=1 runs only the small server's import, for the same purpose
 * (BENCH_SEGMENT_ONLY, when set too, wins). BENCH_CPU_PROFILE=<folder>: each import's server
 * writes a V8 CPU profile there as it stops (`--cpu-prof`, which NODE_OPTIONS may not carry; it
 * slows the server, so its figures are not the benchmark's).
 */
import { execFileSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { sql } from "drizzle-orm";
import { openDatabase, type Db } from "@/db/connect";
import { migrateDatabase } from "@/db/migrate";
import * as schema from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { rebuildConsentRollups } from "@/lib/consent/ingest";
import { demoPurposes } from "@/lib/demo/purposes";
import { createPurpose } from "@/lib/purposes";
import { rowsOf } from "@/lib/sql-rows";
import { benchKeys } from "./lib/bench-data";
import { createBenchDatabase } from "./lib/bench-database";
import { fmt, percentile, signIn, startServer, stopServer, runToExit } from "./lib/harness";

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 1_000_000);
const PGLITE_ROWS = Number(process.env.BENCH_IMPORT_PGLITE ?? 200_000);
const system = { type: "system", label: "bench" } as const;
const PASSWORD = "bench-password-for-imports-42";
const regions = ["DE", "FR", "US-CA", "GB", "IT", "ES", "NL", "AT"];
const channels = ["web", "app", "email", "store"];
/**
 * A server for a host with little memory, as docs/operations.md describes it: one worker, and a
 * heap limit with a small young generation, so V8 collects garbage early.
 */
const SMALL_SERVER = {
  WEB_CONCURRENCY: "1",
  NODE_OPTIONS: "--max-old-space-size=160 --max-semi-space-size=4",
};

/** The consent purposes a file's rows name (active, not retired). */
const purposeKeys = demoPurposes.filter((p) => p.status === "active").map((p) => p.key);

/** Writes a CSV of `rows` consent decisions, as a CRM export would hold them. */
function writeCsv(file: string, rows: number) {
  const out = fs.openSync(file, "w");
  fs.writeSync(out, "subjectId,purpose,action,occurredAt,channel,region\n");
  const start = Date.parse("2025-12-01T00:00:00Z");
  let chunk = "";
  for (let i = 0; i < rows; i++) {
    const at = new Date(start + ((i * 7919) % (300 * 86_400)) * 1000).toISOString();
    chunk += `cust-${i % (rows / 2)},${purposeKeys[i % purposeKeys.length]},${i % 5 === 0 ? "deny" : "grant"},${at},${channels[i % 4]},${regions[i % 8]}\n`;
    if (chunk.length > 1 << 20) {
      fs.writeSync(out, chunk);
      chunk = "";
    }
  }
  fs.writeSync(out, chunk);
  fs.closeSync(out);
}

async function prepare(db: Db) {
  for (const p of demoPurposes)
    await createPurpose(db, system, p, new Date("2024-11-01T00:00:00Z"));
  const { readKey, ingestKey } = await benchKeys(db, system);
  await db.insert(schema.users).values({
    email: "importer@example.com",
    role: "admin",
    passwordHash: await hashPassword(PASSWORD),
  });
  return { readKey, ingestKey };
}

/** The resident memory of each process in the server's group, in MB, by process id. */
function groupRss(child: ChildProcess): Map<number, number> {
  const byPid = new Map<number, number>();
  try {
    const out = execFileSync("ps", ["-o", "pid=,rss=", "-g", String(child.pid)], {
      encoding: "utf8",
    });
    for (const line of out.trim().split("\n")) {
      const [pid, rss] = line.trim().split(/\s+/).map(Number);
      if (pid && rss) byPid.set(pid, rss / 1024);
    }
  } catch {
    // the server is gone: nothing resident
  }
  return byPid;
}

const totalOf = (byPid: Map<number, number>) => [...byPid.values()].reduce((a, b) => a + b, 0);

async function metricsLatency(base: string, key: string) {
  const started = performance.now();
  const r = await fetch(`${base}/api/v1/metrics/consent?region=DE`, {
    headers: { authorization: `Bearer ${key}` },
  });
  await r.arrayBuffer();
  if (!r.ok) throw new Error(`metrics answered ${r.status}`);
  return performance.now() - started;
}

type Run = {
  label: string;
  file: string;
  rows: number;
  uploadMs: number;
  jobMs: number;
  maxRssMb: number;
  idleRssMb?: number;
  /** Each process of the server (the primary first): resident MB before the upload, largest. */
  byProcess?: { idle: number; max: number }[];
  aloneP95?: number;
  duringP95?: number;
  duringCount?: number;
  exact?: boolean;
};

async function importOnce(
  label: string,
  port: number,
  env: Record<string, string>,
  file: string,
  rows: number,
  readKey: string,
  measureReads: boolean,
): Promise<Run> {
  // FIGURES_MAX_AGE=0: the consent metrics read during the import are read, not shared copies.
  const profile = process.env.BENCH_CPU_PROFILE;
  const server = await startServer(
    port,
    { ...env, FIGURES_MAX_AGE: "0" },
    profile ? { nodeArgs: ["--cpu-prof", `--cpu-prof-dir=${profile}`] } : {},
  );
  const base = `http://127.0.0.1:${port}`;
  try {
    const cookie = await signIn(port, "importer@example.com", PASSWORD);
    if (!cookie) throw new Error("the benchmark's admin could not sign in");
    let aloneP95: number | undefined;
    if (measureReads) {
      for (let i = 0; i < 10; i++) await metricsLatency(base, readKey);
      const alone: number[] = [];
      for (let i = 0; i < 100; i++) alone.push(await metricsLatency(base, readKey));
      aloneP95 = percentile(
        alone.sort((a, b) => a - b),
        95,
      );
    }
    // Each process's own idle and largest figure too: which of them grows.
    const idleByPid = groupRss(server);
    const idleRss = totalOf(idleByPid);
    let maxRss = idleRss;
    const maxByPid = new Map(idleByPid);
    const sampler = setInterval(() => {
      const now = groupRss(server);
      maxRss = Math.max(maxRss, totalOf(now));
      for (const [pid, mb] of now) maxByPid.set(pid, Math.max(mb, maxByPid.get(pid) ?? 0));
    }, 250);
    const uploadStarted = performance.now();
    const response = await fetch(
      `${base}/admin/imports/upload?kind=consent&format=csv&name=${path.basename(file)}`,
      {
        method: "POST",
        headers: { cookie, origin: base, "content-type": "text/csv" },
        body: Readable.toWeb(fs.createReadStream(file)) as ReadableStream,
        duplex: "half",
      } as RequestInit,
    );
    const view = (await response.json()) as { id: string; error?: string };
    if (!response.ok) throw new Error(`upload answered ${response.status}: ${view.error}`);
    const uploadMs = performance.now() - uploadStarted;
    // Started as the page's Start button does, with the mapping the upload suggested.
    const started = await fetch(`${base}/admin/imports/${view.id}/start`, {
      method: "POST",
      headers: { cookie, origin: base, "content-type": "application/json" },
      body: JSON.stringify({ mapping: (view as { mapping?: object }).mapping }),
    });
    if (!started.ok) throw new Error(`start answered ${started.status}: ${await started.text()}`);
    const during: number[] = [];
    let status = "queued";
    let reading = measureReads;
    // Dashboards as people read them while it runs: five metrics requests a second.
    const reader = (async () => {
      while (reading) {
        const started = performance.now();
        during.push(await metricsLatency(base, readKey));
        await new Promise((r) => setTimeout(r, Math.max(0, 200 - (performance.now() - started))));
      }
    })();
    let final:
      | {
          status: string;
          startedAt: string;
          finishedAt: string;
          accepted: number;
          rejected: number;
          error: string | null;
        }
      | undefined;
    while (!["done", "failed", "cancelled"].includes(status)) {
      await new Promise((r) => setTimeout(r, 500));
      const r = await fetch(`${base}/admin/imports/${view.id}/status`, { headers: { cookie } });
      final = (await r.json()) as typeof final;
      status = final!.status;
    }
    reading = false;
    await reader;
    clearInterval(sampler);
    if (final!.status !== "done")
      throw new Error(`the import ended ${final!.status}: ${final!.error}`);
    if (final!.accepted + final!.rejected !== rows)
      throw new Error(`${final!.accepted} stored and ${final!.rejected} rejected of ${rows}`);
    const jobMs = Date.parse(final!.finishedAt) - Date.parse(final!.startedAt);
    return {
      label,
      file,
      rows,
      uploadMs,
      jobMs,
      maxRssMb: maxRss,
      idleRssMb: idleRss,
      byProcess: [...maxByPid].map(([pid, max]) => ({ idle: idleByPid.get(pid) ?? 0, max })),
      aloneP95,
      duringP95: during.length
        ? percentile(
            during.sort((a, b) => a - b),
            95,
          )
        : undefined,
      duringCount: during.length,
    };
  } finally {
    stopServer(server);
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

/** Whether the rollups the import kept equal a rebuild from the log. */
async function rollupsExact(db: Db): Promise<boolean> {
  const snapshot = async () =>
    JSON.stringify(
      await db.execute(
        sql`select purpose_id, region, channel, decided, granted from consent_totals order by 1, 2, 3`,
      ),
    );
  const kept = await snapshot();
  await rebuildConsentRollups(db);
  return kept === (await snapshot());
}

/**
 * The p95 of `measured` Segment batches after ten that warm the server up. The tables are then
 * analyzed, as autovacuum does on a production server within a minute of the first writes:
 * without statistics the database keeps the plans it made for empty tables (foreign-key checks
 * that scan the whole table for every row, among them), and each batch costs more than the one
 * before. This host's PostgreSQL runs with autovacuum off (its CI configuration), so the
 * benchmark does it; the line printed says which.
 */
async function segmentP95(
  port: number,
  db: Db,
  env: Record<string, string>,
  ingestKey: string,
  measured = 50,
) {
  const server = await startServer(port, env);
  const base = `http://127.0.0.1:${port}`;
  const times: number[] = [];
  try {
    for (let b = 0; b < measured + 10; b++) {
      if (b === 10) await db.execute(sql`analyze`);
      const batch = Array.from({ length: 100 }, (_, i) => {
        const user = `seg-${b}-${i % 50}`;
        return i % 2
          ? {
              type: "identify",
              messageId: `m-${b}-${i}`,
              userId: user,
              traits: { email: `${user}@example.com`, firstName: "Ana", country: "DE" },
            }
          : {
              type: "track",
              messageId: `m-${b}-${i}`,
              userId: user,
              event: "Segment Consent Preference Updated",
              context: {
                locale: "de-DE",
                consent: { categoryPreferences: { Analytics: i % 4 === 0, Advertising: false } },
              },
            };
      });
      const started = performance.now();
      const r = await fetch(`${base}/api/v1/segment/batch`, {
        method: "POST",
        headers: {
          authorization: `Basic ${Buffer.from(`${ingestKey}:`).toString("base64")}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({ batch }),
      });
      const body = (await r.json()) as { refused?: number };
      if (!r.ok || body.refused)
        throw new Error(`segment answered ${r.status} ${JSON.stringify(body)}`);
      if (b >= 10) times.push(performance.now() - started); // the first ten warm up
    }
  } finally {
    stopServer(server);
    await new Promise((r) => setTimeout(r, 1_000));
  }
  return percentile(
    times.sort((a, b) => a - b),
    95,
  );
}

/** Says that the tables were analyzed after the warm-up, and whether autovacuum would have. */
async function analyzedNote(db: Db): Promise<string> {
  const [row] = rowsOf<{ setting: string }>(
    await db.execute(sql`select current_setting(${"autovacuum"}) as setting`),
  );
  return `(tables analyzed after the warm-up; this server's autovacuum: ${row?.setting ?? "unknown"})`;
}

function report(run: Run) {
  const seconds = (run.uploadMs + run.jobMs) / 1000;
  const mb = fs.statSync(run.file).size / 1024 / 1024;
  console.log(`\n${run.label}: ${fmt(run.rows)} rows (${fmt(mb)} MB)`);
  console.log(
    `  upload          ${fmt(run.uploadMs / 1000)} s (${fmt(mb / (run.uploadMs / 1000))} MB/s)`,
  );
  console.log(
    `  import job      ${fmt(run.jobMs / 1000)} s → ${fmt(run.rows / (run.jobMs / 1000))} rows/s`,
  );
  console.log(`  end to end      ${fmt(seconds)} s → ${fmt(run.rows / seconds)} rows/s`);
  console.log(
    `  server memory   max ${fmt(run.maxRssMb)} MB resident, ${fmt(run.idleRssMb ?? 0)} MB before the upload (all of its processes)`,
  );
  console.log(
    `                  by process, before → largest: ${(run.byProcess ?? []).map((p) => `${fmt(p.idle)} → ${fmt(p.max)}`).join(", ")} MB`,
  );
  if (run.aloneP95 !== undefined)
    console.log(
      `  consent metrics p95 alone ${fmt(run.aloneP95)} ms, during the import ${fmt(run.duringP95 ?? 0)} ms (${run.duringCount} requests)`,
    );
  if (run.exact !== undefined)
    console.log(`  rollups equal a rebuild: ${run.exact ? "yes" : "NO"}`);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "firstparty-bench-imports-"));
const bigFile = path.join(dir, "consent-1m.csv");
const smallFile = path.join(dir, "consent-small.csv");

/** A fresh PostgreSQL database, migrated and prepared, for `run`; dropped afterwards. */
async function withPostgres(
  name: string,
  run: (
    db: Db,
    env: Record<string, string>,
    keys: { readKey: string; ingestKey: string },
  ) => Promise<void>,
) {
  const bench = await createBenchDatabase(name);
  const handle = await openDatabase({ driver: "postgres", url: bench.url, max: 4 });
  try {
    await migrateDatabase(handle, bench.url);
    const keys = await prepare(handle.db);
    await run(handle.db, { DATABASE_URL: bench.url, SEED_DEMO: "0" }, keys);
  } finally {
    await handle.close();
    await bench.drop();
  }
}

const SEGMENT_ONLY = Number(process.env.BENCH_SEGMENT_ONLY ?? 0);
if (!Number.isInteger(SEGMENT_ONLY) || SEGMENT_ONLY < 0)
  throw new Error("BENCH_SEGMENT_ONLY is a number of batches, a whole number above 0");

runToExit(async () => {
  if (SEGMENT_ONLY > 0) {
    await withPostgres("segment", async (db, env, { ingestKey }) => {
      const p95 = await segmentP95(3412, db, env, ingestKey, SEGMENT_ONLY);
      console.log(
        `Segment batches of 100 messages (${SEGMENT_ONLY}): p95 ${fmt(p95)} ms ${await analyzedNote(db)}`,
      );
    });
    fs.rmSync(dir, { recursive: true, force: true });
    return;
  }
  writeCsv(bigFile, ROWS);
  if (process.env.BENCH_SMALL_ONLY === "1") {
    await smallServer();
    fs.rmSync(dir, { recursive: true, force: true });
    return;
  }
  writeCsv(smallFile, PGLITE_ROWS);
  await withPostgres("imports", async (db, env, { readKey, ingestKey }) => {
    const options = process.env.BENCH_SERVER_NODE_OPTIONS;
    const serverEnv = { ...env, ...(options ? { NODE_OPTIONS: options } : {}) };
    const pg = await importOnce("postgres", 3411, serverEnv, bigFile, ROWS, readKey, true);
    pg.exact = await rollupsExact(db);
    report(pg);
    const p95 = await segmentP95(3412, db, env, ingestKey);
    console.log(`\nSegment batches of 100 messages: p95 ${fmt(p95)} ms ${await analyzedNote(db)}`);
  });

  // The embedded database: prepared here, then opened by the server alone (one process only).
  const pgliteDir = path.join(dir, "pglite");
  const embedded = await openDatabase({ driver: "pglite", dir: pgliteDir });
  await migrateDatabase(embedded);
  const keys = await prepare(embedded.db);
  await embedded.close();
  const env = { PGLITE_DIR: pgliteDir, DATABASE_URL: "", SEED_DEMO: "0" };
  report(await importOnce("pglite", 3413, env, smallFile, PGLITE_ROWS, keys.readKey, true));

  await smallServer();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The 1M rows again, on a fresh database, by the server sized for a small host. */
async function smallServer() {
  await withPostgres("imports_small", async (db, env, { readKey }) => {
    const label = `postgres, small server (${Object.entries(SMALL_SERVER)
      .map(([k, v]) => `${k}=${v}`)
      .join(" ")})`;
    const run = await importOnce(
      label,
      3414,
      { ...env, ...SMALL_SERVER },
      bigFile,
      ROWS,
      readKey,
      true,
    );
    run.exact = await rollupsExact(db);
    report(run);
  });
}
