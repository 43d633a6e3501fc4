/**
 * `npm run bench:consent` — loads synthetic consent events with COPY into PostgreSQL (100k, then
 * 10M) and PGlite (1M), rebuilds the rollups, then drives the production server: p50/p95 of
 * GET /api/v1/metrics/consent at each size and their ratio, GET /api/v1/metrics/overview (with
 * its trends) at each size, HTTP ingest events/s with batches
 * of 1,000, and raw COPY rows/s for the same rows. Needs `npm run build` first and the
 * PostgreSQL at BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).
 * Sizes can be lowered for a quick run: BENCH_SIZES=100000,1000000 BENCH_PGLITE=200000.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { PGlite } from "@electric-sql/pglite";
import { sql as dsql } from "drizzle-orm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import postgres from "postgres";
import { openDatabase, type DatabaseHandle, type Db } from "@/db/connect";
import { migrateDatabase } from "@/db/migrate";
import * as schema from "@/db/schema";
import { generateConsentEvents } from "@/lib/demo/consent";
import { demoPurposes } from "@/lib/demo/purposes";
import { rebuildConsentRollups } from "@/lib/consent/ingest";
import { createPurpose } from "@/lib/purposes";
import { fmt, percentile, startServer, stopServer, runToExit } from "./lib/harness";
import { benchKeys } from "./lib/bench-data";
import { createBenchDatabase } from "./lib/bench-database";

const SIZES = (process.env.BENCH_SIZES ?? "100000,10000000").split(",").map(Number);
const PGLITE_SIZE = Number(process.env.BENCH_PGLITE ?? 1_000_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 100);
const system = { type: "system", label: "bench" } as const;
const sqlAnalyze = dsql`analyze`;
const columns =
  "event_id, subject_id, purpose_id, purpose_version, action, occurred_at, channel, region, gpc, notice_version";
// The dashboard default (12 weeks, weekly) and the filters people use; one year monthly too.
const queries = [
  "",
  "region=DE",
  "channel=web",
  "purpose=newsletter&interval=day",
  "from=2025-12-01&interval=month",
  "functionalArea=marketing&region=US-CA",
];

type Setup = { purposeIds: Map<string, string>; readKey: string; ingestKey: string };

async function prepare(db: Db): Promise<Setup> {
  for (const p of demoPurposes)
    await createPurpose(db, system, p, new Date("2024-11-01T00:00:00Z"));
  const rows = await db
    .select({ id: schema.purposes.id, key: schema.purposes.key })
    .from(schema.purposes);
  const { readKey, ingestKey } = await benchKeys(db, system);
  return { purposeIds: new Map(rows.map((r) => [r.key, r.id])), readKey, ingestKey };
}

/** CSV rows of about `count` events for fresh subjects, generated in chunks. */
function* csvChunks(
  count: number,
  firstSubject: number,
  purposeIds: Map<string, string>,
): Generator<string> {
  let produced = 0;
  let subject = firstSubject;
  while (produced < count) {
    const events = generateConsentEvents(20_000, {
      seed: subject,
      firstSubject: subject,
      shuffle: false,
    });
    subject += 20_000;
    const lines: string[] = [];
    for (const e of events) {
      if (produced >= count) break;
      lines.push(
        `${e.eventId},${e.subjectId},${purposeIds.get(e.purpose)},1,${e.action},${e.occurredAt},${e.channel},${e.region},${e.gpc},${e.noticeVersion}\n`,
      );
      produced++;
    }
    yield lines.join("");
  }
}

const subjectsFor = (events: number) => Math.ceil(events / 2.9);

async function copyPostgres(
  url: string,
  count: number,
  firstSubject: number,
  setup: Setup,
): Promise<number> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const started = performance.now();
  const writable =
    await sql`copy consent_events (${sql.unsafe(columns)}) from stdin with (format csv)`.writable();
  await pipeline(Readable.from(csvChunks(count, firstSubject, setup.purposeIds)), writable);
  const seconds = (performance.now() - started) / 1000;
  await sql.end();
  return count / seconds;
}

/** p50 and p95 of `path` over the queries of `list` in turn (10 warm-up requests left out). */
async function measureMetrics(
  port: number,
  key: string,
  path = "/api/v1/metrics/consent",
  list: readonly string[] = queries,
) {
  const timings: number[] = [];
  for (let i = 0; i < REQUESTS + 10; i++) {
    const q = list[i % list.length];
    const started = performance.now();
    const response = await fetch(`http://127.0.0.1:${port}${path}${q ? `?${q}` : ""}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${path} answered ${response.status}`);
    if (i >= 10) timings.push(performance.now() - started);
  }
  timings.sort((a, b) => a - b);
  return { p50: percentile(timings, 50), p95: percentile(timings, 95) };
}

async function measureIngest(
  port: number,
  key: string,
  batches = Number(process.env.BENCH_INGEST_BATCHES ?? 120),
  concurrency = 2,
) {
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < batches) {
      const b = next++;
      const events = generateConsentEvents(400, {
        seed: 9_000 + b,
        firstSubject: 50_000_000 + b * 1_000,
      })
        .slice(0, 1000)
        .map(({ source: _source, ...e }) => ({ ...e, eventId: `ingest-${b}-${e.eventId}` }));
      const response = await fetch(`http://127.0.0.1:${port}/api/v1/consent-events`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ events }),
      });
      if (!response.ok)
        throw new Error(`ingest answered ${response.status}: ${await response.text()}`);
      await response.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return (batches * 1000) / ((performance.now() - started) / 1000);
}

async function benchPostgres() {
  const bench = await createBenchDatabase("consent");
  const url = bench.url;
  const handle: DatabaseHandle = await openDatabase({ driver: "postgres", url });
  const results: {
    size: number;
    p50: number;
    p95: number;
    overview: { p50: number; p95: number };
  }[] = [];
  let copyRate = 0;
  let ingestRate = 0;
  try {
    await migrateDatabase(handle, url);
    const setup = await prepare(handle.db);
    let loaded = 0;
    for (const size of SIZES) {
      const t0 = performance.now();
      const rate = await copyPostgres(url, size - loaded, 1 + subjectsFor(loaded) * 2, setup);
      copyRate = Math.max(copyRate, rate);
      const t1 = performance.now();
      await rebuildConsentRollups(handle.db);
      await handle.db.execute(sqlAnalyze);
      console.log(
        `postgres: loaded ${fmt(size - loaded)} events by COPY (${fmt(rate)} rows/s), rollups rebuilt in ${fmt((performance.now() - t1) / 1000)} s (total ${fmt((performance.now() - t0) / 1000)} s)`,
      );
      loaded = size;
      // FIGURES_MAX_AGE=0: every request reads the figures (what a read costs when nobody has
      // asked for them in the last few seconds), not the shared copy (lib/figures-cache).
      const server = await startServer(3990, {
        DATABASE_URL: url,
        FIGURES_MAX_AGE: "0",
      });
      try {
        const m = await measureMetrics(3990, setup.readKey);
        // The overview with its trends: three consent reads (12 months, 30 days, today).
        const overview = await measureMetrics(3990, setup.readKey, "/api/v1/metrics/overview", [
          "",
        ]);
        results.push({ size, ...m, overview });
        console.log(
          `postgres ${fmt(size)} events: metrics p50 ${fmt(m.p50)} ms, p95 ${fmt(m.p95)} ms; overview with trends p50 ${fmt(overview.p50)} ms, p95 ${fmt(overview.p95)} ms`,
        );
        if (size === SIZES[SIZES.length - 1]) {
          ingestRate = await measureIngest(3990, setup.ingestKey);
          console.log(
            `postgres: HTTP ingest ${fmt(ingestRate)} events/s (batches of 1,000, 2 in flight)`,
          );
        }
      } finally {
        stopServer(server);
      }
    }
  } finally {
    await handle.close();
    await bench.drop();
  }
  return { results, copyRate, ingestRate };
}

async function benchPglite() {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "fp-bench-")), "pglite");
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 }); // as db/data-dir makes it
  const client = await PGlite.create(dir);
  const db = drizzlePglite({ client, schema, casing: "snake_case" }) as unknown as Db;
  const handle = {
    db,
    driver: "pglite",
    location: dir,
    ping: async () => {},
    close: async () => {},
  } as DatabaseHandle;
  await migrateDatabase(handle);
  const setup = await prepare(db);
  const csv = [...csvChunks(PGLITE_SIZE, 1, setup.purposeIds)].join("");
  const t0 = performance.now();
  await client.query(`copy consent_events (${columns}) from '/dev/blob' with (format csv)`, [], {
    blob: new Blob([csv]),
  });
  const copyRate = PGLITE_SIZE / ((performance.now() - t0) / 1000);
  await rebuildConsentRollups(db);
  await client.query("analyze");
  await client.close();
  console.log(`pglite: loaded ${fmt(PGLITE_SIZE)} events by COPY (${fmt(copyRate)} rows/s)`);
  const server = await startServer(3991, {
    PGLITE_DIR: dir,
    DATABASE_URL: "",
    FIGURES_MAX_AGE: "0",
  });
  try {
    const m = await measureMetrics(3991, setup.readKey);
    console.log(
      `pglite ${fmt(PGLITE_SIZE)} events: metrics p50 ${fmt(m.p50)} ms, p95 ${fmt(m.p95)} ms`,
    );
    return { ...m, copyRate };
  } finally {
    stopServer(server);
    fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  }
}

async function main() {
  if (!fs.existsSync(".next/BUILD_ID"))
    throw new Error("Run `npm run build` first: the benchmark drives the production server.");
  const pg = await benchPostgres();
  const lite = await benchPglite();
  const first = pg.results[0]!;
  const last = pg.results[pg.results.length - 1]!;
  console.log("\n── results ──");
  for (const r of pg.results)
    console.log(
      `PostgreSQL ${fmt(r.size)} events: p50 ${fmt(r.p50)} ms, p95 ${fmt(r.p95)} ms; overview with trends p50 ${fmt(r.overview.p50)} ms, p95 ${fmt(r.overview.p95)} ms`,
    );
  console.log(
    `overview with trends at ${fmt(last.size)}: p95 ${fmt(last.overview.p95)} ms (target ≤ 100 ms)`,
  );
  console.log(
    `p95 ratio ${fmt(last.size)} ÷ ${fmt(first.size)}: ${(last.p95 / first.p95).toFixed(2)} (target ≤ 1.5)`,
  );
  console.log(`p95 at ${fmt(last.size)} on PostgreSQL: ${fmt(last.p95)} ms (target ≤ 100 ms)`);
  console.log(
    `PGlite ${fmt(PGLITE_SIZE)} events: p50 ${fmt(lite.p50)} ms, p95 ${fmt(lite.p95)} ms (target ≤ 250 ms)`,
  );
  console.log(
    `HTTP ingest: ${fmt(pg.ingestRate)} events/s (target ≥ 20,000); raw COPY: PostgreSQL ${fmt(pg.copyRate)} rows/s, PGlite ${fmt(lite.copyRate)} rows/s`,
  );
}

runToExit(main);
