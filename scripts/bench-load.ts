/**
 * `npm run bench:load` — drives the production build on PostgreSQL with autocannon: 50 signed-in
 * users reading dashboards (pages and their metrics APIs, cycling; each opens about one view a
 * second, BENCH_USER_RATE=0 for no pause at all) while another client sends ingest batches of
 * 1,000 consent events back to back, both for BENCH_SECONDS (default 30). Prints p50, p95
 * and p99 and the error rate of each. Targets on a 2-core machine: reads p95 ≤ 200 ms at 50
 * users, ingest p95 ≤ 100 ms, errors < 0.1%. Needs `npm run build` first.
 */
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import autocannon from "autocannon";
import postgres from "postgres";
import { generateConsentEvents } from "@/db/seed/consent";
import { fmt, percentile, signIn, startServer, stopServer } from "./lib/harness";

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const USERS = Number(process.env.BENCH_USERS ?? 50);
const RATE = Number(process.env.BENCH_USER_RATE ?? 1);
const PORT = 3993;
const BASE = `http://127.0.0.1:${PORT}`;

const reads = [
  "/",
  "/consent",
  "/api/v1/metrics/consent",
  "/sources",
  "/api/v1/metrics/sources",
  "/laws",
  "/api/v1/laws",
  "/profiles",
  "/api/v1/metrics/profiles",
  "/api/v1/metrics/consent?region=DE&interval=day",
  "/api/v1/metrics/profiles?region=US-CA&party=first",
];

function stats(times: number[], errors: number, total: number) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (p: number) => (sorted.length ? percentile(sorted, p) : NaN);
  return {
    requests: total,
    p50: at(50),
    p95: at(95),
    p99: at(99),
    errors,
    errorRate: total ? errors / total : 0,
  };
}

function run(options: autocannon.Options) {
  const times: number[] = [];
  let errors = 0;
  let total = 0;
  return new Promise<ReturnType<typeof stats>>((resolve, reject) => {
    const instance = autocannon(options, (error) => {
      if (error) reject(error);
      else resolve(stats(times, errors, total));
    });
    instance.on("response", (_client, status, _bytes, responseTime) => {
      total++;
      times.push(responseTime);
      if (status >= 400) errors++;
    });
    instance.on("reqError", () => {
      total++;
      errors++;
    });
  });
}

async function main() {
  if (!fs.existsSync(".next/BUILD_ID"))
    throw new Error("Run `npm run build` first: the benchmark drives the production server.");
  const name = `firstparty_bench_load_${Date.now()}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  let server: ChildProcess | undefined;
  try {
    server = await startServer(PORT, { DATABASE_URL: url.toString(), SEED_DEMO: "1" });
    const users = await Promise.all(
      ["marketing", "privacy", "admin"].map(async (r) => {
        const cookie = await signIn(PORT, `${r}@firstparty.demo`, "firstparty-demo");
        if (!cookie) throw new Error(`could not sign in ${r}`);
        return cookie;
      }),
    );
    const adminCookie = users[2]!;
    const keyResponse = await fetch(`${BASE}/api/v1/api-keys`, {
      method: "POST",
      headers: { cookie: adminCookie, "content-type": "application/json" },
      body: JSON.stringify({ name: "load", scopes: ["ingest"] }),
    });
    const { key } = (await keyResponse.json()) as { key: string };
    // One user alone first: each route's own cost, without queueing behind others.
    console.log("alone (median of 5 sequential requests):");
    for (const path of reads) {
      const times: number[] = [];
      for (let i = 0; i < 6; i++) {
        const t = performance.now();
        const r = await fetch(`${BASE}${path}`, { headers: { cookie: users[0]! } });
        await r.arrayBuffer();
        if (i > 0) times.push(performance.now() - t);
      }
      console.log(`  ${path}: ${fmt(times.sort((a, b) => a - b)[2]!)} ms`);
    }

    let batch = 0;
    const [read, ingest] = await Promise.all([
      run({
        url: BASE,
        connections: USERS,
        duration: SECONDS,
        // A user opens a dashboard view about once a second (RATE=0: as fast as the server answers).
        ...(RATE > 0 && { connectionRate: RATE }),
        requests: reads.map((path, i) => ({
          method: "GET",
          path,
          headers: { cookie: users[i % users.length]! },
        })),
      }),
      run({
        url: BASE,
        connections: 1,
        duration: SECONDS,
        requests: [
          {
            method: "POST",
            path: "/api/v1/consent-events",
            headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
            setupRequest: (request) => {
              const b = batch++;
              const events = generateConsentEvents(400, {
                seed: 7_000 + b,
                firstSubject: 10_000_000 + b * 400,
              })
                .slice(0, 1000)
                .map(({ source: _s, ...e }) => ({ ...e, eventId: `load-${b}-${e.eventId}` }));
              return { ...request, body: JSON.stringify({ events }) };
            },
          },
        ],
      }),
    ]);
    console.log(`\n── results (${SECONDS} s, PostgreSQL, demo data) ──`);
    console.log(
      `dashboard reads, ${USERS} signed-in users${RATE > 0 ? ` at ${RATE} request/s each` : " without pause"}: ${fmt(read.requests)} requests, p50 ${fmt(read.p50)} ms, p95 ${fmt(read.p95)} ms, p99 ${fmt(read.p99)} ms, errors ${read.errors} (${fmt(read.errorRate * 100)}%) — target p95 ≤ 200 ms`,
    );
    console.log(
      `ingest, batches of 1,000 events: ${fmt(ingest.requests)} batches (${fmt((ingest.requests * 1000) / SECONDS)} events/s), p50 ${fmt(ingest.p50)} ms, p95 ${fmt(ingest.p95)} ms, p99 ${fmt(ingest.p99)} ms, errors ${ingest.errors} (${fmt(ingest.errorRate * 100)}%) — target p95 ≤ 100 ms`,
    );
    const errorRate = (read.errors + ingest.errors) / (read.requests + ingest.requests);
    console.log(`errors overall: ${fmt(errorRate * 100)}% — target < 0.1%`);
  } finally {
    stopServer(server);
    await new Promise((r) => setTimeout(r, 500));
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
