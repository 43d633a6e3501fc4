/**
 * `npm run bench:preferences` — the preference page under load: the production server on
 * PostgreSQL with the demo data and 1,000 customers' links, in two kinds of scenario.
 *
 * - Customers (the targets: p95 ≤ 150 ms for views and ≤ 250 ms for saves, 0 errors): 200
 *   customers on the page at once, each opening their page, reading it for a while (a random
 *   think time around BENCH_THINK_SECONDS), saving changed choices, reading again, and so on;
 *   they start spread over the first think time, as customers arrive, not in one instant.
 * - Saturation (autocannon, not a target): 200 connections that send the next request the
 *   moment the last one answered, for views and for saves; the views and saves a second the
 *   machine serves at most.
 *
 * Needs `npm run build` first. Prints the figures; record them in docs/benchmarks.md.
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
/** Customers on the page at once, and how long each reads before their next step. */
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 200);
const THINK_SECONDS = Number(process.env.BENCH_THINK_SECONDS ?? 5);

type Figures = { requests: number; p50: number; p95: number; p99: number; errors: number };

function measure(options: autocannon.Options): Promise<Figures> {
  const times: number[] = [];
  let errors = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(options, (error) =>
      error ? reject(error) : resolve(figures(times, errors)),
    );
    instance.on("response", (_client, status, _bytes, responseTime) => {
      times.push(responseTime);
      if (status >= 400) errors++;
    });
    instance.on("reqError", () => errors++);
  });
}

/** A browser opening the page says so; the page counts it as a view (a scanner's is a fetch). */
const OPENED = { "sec-fetch-mode": "navigate", "sec-fetch-dest": "document" };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function figures(times: number[], errors: number): Figures {
  const sorted = times.sort((a, b) => a - b);
  return {
    requests: times.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    errors,
  };
}

/**
 * The customers scenario: each customer opens their page, reads, saves a change, reads, opens
 * it again, … until the time is up. Think times are uniform in [0.5, 1.5] × THINK_SECONDS.
 */
async function customers(
  paths: string[],
  form: (flip: number) => string,
): Promise<{ views: Figures; saves: Figures }> {
  const views: number[] = [];
  const saves: number[] = [];
  let errors = { views: 0, saves: 0 };
  const deadline = performance.now() + SECONDS * 1000;
  const think = () => sleep(THINK_SECONDS * 1000 * (0.5 + Math.random()));
  const timed = async (
    list: number[],
    kind: "views" | "saves",
    request: () => Promise<Response>,
  ) => {
    const start = performance.now();
    try {
      const response = await request();
      await response.arrayBuffer();
      if (!response.ok) errors = { ...errors, [kind]: errors[kind] + 1 };
    } catch {
      errors = { ...errors, [kind]: errors[kind] + 1 };
    }
    list.push(performance.now() - start);
  };
  await Promise.all(
    Array.from({ length: CUSTOMERS }, async (_, i) => {
      const path = `${BASE}${paths[i % paths.length]!}`;
      await sleep(Math.random() * THINK_SECONDS * 1000);
      for (let flip = i; performance.now() < deadline; flip++) {
        await timed(views, "views", () => fetch(path, { headers: OPENED }));
        await think();
        if (performance.now() >= deadline) break;
        await timed(saves, "saves", () =>
          fetch(path, {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded", origin: BASE },
            body: form(flip),
          }),
        );
        await think();
      }
    }),
  );
  return { views: figures(views, errors.views), saves: figures(saves, errors.saves) };
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
    // The form as the page shows it: every purpose's version, and which to allow. Sent without
    // how each box was shown (the first page's boxes are not every link's), so each save is
    // compared with the customer's current choices and records its changes.
    const page = await (await fetch(`${BASE}${paths[0]}`)).text();
    const shown = [...page.matchAll(/name="(shown:[^"]+)" value="(\d+)(?::[01])?"/g)].map(
      ([, name, value]) => `${encodeURIComponent(name!)}=${value}`,
    );
    const keys = [...page.matchAll(/name="grant" value="([^"]+)"/g)].map(([, k]) => k!);
    let next = 0;
    const nextPath = () => paths[next++ % paths.length]!;

    // Alternate what is allowed, so that every save changes choices and records events.
    const form = (flip: number) => {
      const grant = keys.filter((_, i) => (i + flip) % 2 === 0);
      return [...shown, ...grant.map((k) => `grant=${encodeURIComponent(k)}`)].join("&");
    };

    console.log(
      `${LINKS} links; ${keys.length} purposes on a page; ${SECONDS} s a scenario; ${CUSTOMERS} customers thinking ${THINK_SECONDS} s on average; ${CONNECTIONS} connections at saturation`,
    );
    // Warm-up, not measured: the server's code paths compiled and its pools filled, as in a
    // server that has been up for a while.
    for (const method of ["GET", "POST"] as const) {
      await measure({
        url: BASE,
        connections: 10,
        duration: 5,
        requests: [
          {
            method,
            setupRequest: (req) =>
              method === "GET"
                ? { ...req, path: nextPath(), headers: OPENED }
                : {
                    ...req,
                    path: nextPath(),
                    headers: { "content-type": "application/x-www-form-urlencoded", origin: BASE },
                    body: form(next),
                  },
          },
        ],
      });
    }
    const people = await customers(paths, form);
    const views = await measure({
      url: BASE,
      connections: CONNECTIONS,
      duration: SECONDS,
      requests: [
        { method: "GET", setupRequest: (req) => ({ ...req, path: nextPath(), headers: OPENED }) },
      ],
    });
    let flip = 0;
    const saves = await measure({
      url: BASE,
      connections: CONNECTIONS,
      duration: SECONDS,
      requests: [
        {
          method: "POST",
          setupRequest: (req) => ({
            ...req,
            path: nextPath(),
            headers: { "content-type": "application/x-www-form-urlencoded", origin: BASE },
            body: form(flip++),
          }),
        },
      ],
    });
    for (const [name, f, target] of [
      [`views, ${CUSTOMERS} customers`, people.views, 150],
      [`saves, ${CUSTOMERS} customers`, people.saves, 250],
    ] as const) {
      console.log(
        `${name}: ${f.requests} requests (${fmt(f.requests / SECONDS)}/s), p50 ${fmt(f.p50)} ms, p95 ${fmt(f.p95)} ms (target ≤ ${target}), p99 ${fmt(f.p99)} ms, ${f.errors} errors — ${f.p95 <= target && f.errors === 0 ? "met" : "NOT met"}`,
      );
    }
    for (const [name, f] of [
      [`views, ${CONNECTIONS} connections as fast as they go`, views],
      [`saves, ${CONNECTIONS} connections as fast as they go`, saves],
    ] as const) {
      console.log(
        `${name}: ${fmt(f.requests / SECONDS)} a second at most, p50 ${fmt(f.p50)} ms, p95 ${fmt(f.p95)} ms, ${f.errors} errors`,
      );
    }
  } finally {
    stopServer(server);
    await database.drop();
  }
}

runToExit(main);
