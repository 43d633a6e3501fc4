/**
 * `npm run bench:preferences` — the preference page under load: the production server on
 * PostgreSQL with the demo data, 1,000 customers' links, then 200 concurrent connections
 * opening pages (views) and, separately, saving them (each save changes choices, so it records
 * consent events). Targets (issue "preference center"): p95 ≤ 150 ms for views and ≤ 250 ms
 * for saves, 0 errors. Needs `npm run build` first. Prints the figures; record them in
 * docs/benchmarks.md.
 */
import type { ChildProcess } from "node:child_process";
import autocannon from "autocannon";
import { createBenchDatabase } from "./lib/bench-database";
import { fmt, percentile, runToExit, signIn, startServer, stopServer } from "./lib/harness";

const PORT = 3995;
const BASE = `http://127.0.0.1:${PORT}`;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const LINKS = 1000;
/** The paced scenario: customers arriving at this many page views a second, all told. */
const PACED_RATE = Number(process.env.BENCH_PACED_RATE ?? 40);

type Figures = { requests: number; p50: number; p95: number; p99: number; errors: number };

function measure(options: autocannon.Options): Promise<Figures> {
  const times: number[] = [];
  let errors = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(options, (error) => {
      if (error) return reject(error);
      const sorted = times.sort((a, b) => a - b);
      resolve({
        requests: times.length,
        p50: percentile(sorted, 50),
        p95: percentile(sorted, 95),
        p99: percentile(sorted, 99),
        errors,
      });
    });
    instance.on("response", (_client, status, _bytes, responseTime) => {
      times.push(responseTime);
      if (status >= 400) errors++;
    });
    instance.on("reqError", () => errors++);
  });
}

async function main() {
  const database = await createBenchDatabase("preferences");
  let server: ChildProcess | undefined;
  try {
    server = await startServer(PORT, { DATABASE_URL: database.url, SEED_DEMO: "1" });
    const admin = await signIn(PORT, "admin@firstparty.demo", "firstparty-demo");
    if (!admin) throw new Error("could not sign in the demo admin");
    const created = await fetch(`${BASE}/api/v1/api-keys`, {
      method: "POST",
      headers: { cookie: admin, "content-type": "application/json", origin: BASE },
      body: JSON.stringify({ name: "mailer", scopes: ["ingest"] }),
    });
    const { key } = (await created.json()) as { key: string };
    const paths: string[] = [];
    for (let i = 1; i <= LINKS; i++) {
      const r = await fetch(`${BASE}/api/v1/preference-links`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ subjectId: `cust-${String(i).padStart(7, "0")}` }),
      });
      paths.push(new URL(((await r.json()) as { url: string }).url).pathname);
    }
    // The form as the page shows it: every purpose's version, and which to allow.
    const page = await (await fetch(`${BASE}${paths[0]}`)).text();
    const shown = [...page.matchAll(/name="(shown:[^"]+)" value="(\d+)"/g)].map(
      ([, name, value]) => `${encodeURIComponent(name!)}=${value}`,
    );
    const keys = [...page.matchAll(/name="grant" value="([^"]+)"/g)].map(([, k]) => k!);
    let next = 0;
    const nextPath = () => paths[next++ % paths.length]!;

    console.log(
      `${LINKS} links; ${CONNECTIONS} connections for ${SECONDS} s each; ${keys.length} purposes on a page`,
    );
    const views = await measure({
      url: BASE,
      connections: CONNECTIONS,
      duration: SECONDS,
      requests: [{ method: "GET", setupRequest: (req) => ({ ...req, path: nextPath() }) }],
    });
    // The same pages at a pace a busy campaign sends (autocannon's overallRate), not as fast as
    // 200 connections can go: the latency a customer sees when the machine is not saturated.
    const paced = await measure({
      url: BASE,
      connections: CONNECTIONS,
      duration: SECONDS,
      overallRate: PACED_RATE,
      requests: [{ method: "GET", setupRequest: (req) => ({ ...req, path: nextPath() }) }],
    });
    let flip = 0;
    const saves = await measure({
      url: BASE,
      connections: CONNECTIONS,
      duration: SECONDS,
      requests: [
        {
          method: "POST",
          setupRequest: (req) => {
            // Alternate what is allowed, so that every save changes choices and records events.
            const grant = keys.filter((_, i) => (i + flip) % 2 === 0);
            flip++;
            return {
              ...req,
              path: nextPath(),
              headers: { "content-type": "application/x-www-form-urlencoded", origin: BASE },
              body: [...shown, ...grant.map((k) => `grant=${encodeURIComponent(k)}`)].join("&"),
            };
          },
        },
      ],
    });
    for (const [name, f, target] of [
      ["views, as fast as possible", views, 150],
      [`views, ${PACED_RATE} a second`, paced, 150],
      ["saves, as fast as possible", saves, 250],
    ] as const) {
      console.log(
        `${name}: ${f.requests} requests, p50 ${fmt(f.p50)} ms, p95 ${fmt(f.p95)} ms (target ≤ ${target}), p99 ${fmt(f.p99)} ms, ${f.errors} errors — ${f.p95 <= target && f.errors === 0 ? "met" : "NOT met"}`,
      );
    }
  } finally {
    stopServer(server);
    await database.drop();
  }
}

runToExit(main);
