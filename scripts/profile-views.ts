/**
 * `npm run bench:profile` — where a view's server time goes. Starts the production build with
 * one worker under V8's CPU profiler (`--cpu-prof`) on a fresh PostgreSQL database with the demo
 * data, signs in the three demo users, and then:
 *   1. requests each dashboard view alone, BENCH_PROFILE_REPEAT times (default 20) one after
 *      the other, noting when each request was in flight;
 *   2. runs the users scenario of `bench:load` (50 users at a view a second each, 5 live batches
 *      of 1,000 consent events a second) for BENCH_SECONDS (default 20).
 * When the server has stopped, its profile is read back: every sample is mapped through the
 * build's source maps to the file it came from (the app's own modules, or the package a bundled
 * function belongs to) and put in a category — session and auth, database driver, the app's
 * queries and figures, the message catalogs, React's render, the Next.js runtime, garbage
 * collection, idle. The samples that fall inside a view's requests give that view's breakdown,
 * in milliseconds of CPU per request; the wall time minus the CPU is time spent waiting
 * (for PostgreSQL, mostly). Needs `npm run build` first. BENCH_BASELINE=<a checkout of another
 * commit, built> profiles that build instead (the same requests, this script's analysis). BENCH_PROFILE_KEEP=1 keeps the
 * .cpuprofile (its path is printed), which Chrome's DevTools open.
 */
import fs from "node:fs";
import { SourceMap } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { generateConsentEvents } from "@/lib/demo/consent";
import { createBenchDatabase } from "./lib/bench-database";
import { fmt, runToExit, signIn, spawnServer, stopServer, waitHealthy } from "./lib/harness";

const PORT = 3994;
const BASE = `http://127.0.0.1:${PORT}`;
const REPEAT = Number(process.env.BENCH_PROFILE_REPEAT ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);

const views = [
  "/",
  "/consent",
  "/sources",
  "/laws",
  "/laws/obligations",
  "/profiles",
  "/api/v1/metrics/consent",
  "/api/v1/metrics/sources",
  "/api/v1/laws",
  "/api/v1/metrics/profiles",
  "/api/v1/metrics/consent?region=DE&interval=day",
];

type ProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
};
type Profile = {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
};

const CATEGORIES = [
  "session and auth",
  "database driver",
  "app: queries and figures",
  "app: pages and components",
  "message catalogs",
  "React render",
  "Next.js runtime",
  "other packages",
  "Node.js",
  "garbage collection",
  "idle (waiting)",
] as const;
type Category = (typeof CATEGORIES)[number];

/** The package a source path belongs to (its name after the last node_modules/), if any. */
function packageOf(source: string): string | undefined {
  const at = source.lastIndexOf("node_modules/");
  if (at < 0) return undefined;
  const rest = source.slice(at + "node_modules/".length).split("/");
  return rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
}

function categoryOf(source: string, functionName: string): Category {
  if (functionName === "(garbage collector)") return "garbage collection";
  if (functionName === "(idle)") return "idle (waiting)";
  // Next.js ships React's renderers (Flight for the RSC payload, Fizz for the HTML) compiled
  // into its own runtime, and maps its own code to its TypeScript sources (src/…).
  if (/compiled\/(react|react-dom|react-server-dom-[a-z]+|scheduler)\//.test(source))
    return "React render";
  if (source.startsWith("webpack://next/") || /^(\.\.\/)+src\//.test(source))
    return "Next.js runtime";
  if (source.startsWith("node:") || !source.includes("/")) return "Node.js";
  const pkg = packageOf(source);
  if (pkg) {
    if (/^(next-auth|jose|@panva\/hkdf|openid-client|oauth|preact-render-to-string)$/.test(pkg))
      return "session and auth";
    if (/^(postgres|drizzle-orm|@electric-sql\/pglite)$/.test(pkg)) return "database driver";
    if (/^(next-intl|use-intl|intl-messageformat|@formatjs\/.*)$/.test(pkg))
      return "message catalogs";
    if (/^(react|react-dom|react-server-dom-.*|scheduler)$/.test(pkg)) return "React render";
    if (pkg === "next") return "Next.js runtime";
    return "other packages";
  }
  if (/(^|\/)lib\/auth\//.test(source)) return "session and auth";
  if (/(^|\/)(lib|db)\//.test(source)) return "app: queries and figures";
  if (/(^|\/)(app|components|i18n)\//.test(source)) return "app: pages and components";
  return "other packages";
}

/** A finer name than the category: the package, the app's file, or Node's module or function. */
function labelOf(source: string, functionName: string): string {
  const pkg = packageOf(source);
  if (source.startsWith("webpack://next/"))
    return `next: ${source.slice(15).replace(/^\.\/dist\//, "")}`;
  if (pkg) return pkg;
  if (source.startsWith("node:") || !source.includes("/"))
    return `${source || "native"} ${functionName}`;
  return source.replace(/^.*?\/(app|components|lib|db|i18n)\//, "$1/");
}

/** Maps a profile's call frames to original sources through the build's source maps. */
function sourceResolver() {
  const maps = new Map<string, SourceMap | null>();
  return (url: string, line: number, column: number): string => {
    if (!url.startsWith("file://")) return url;
    let map = maps.get(url);
    if (map === undefined) {
      const file = fileURLToPath(url);
      try {
        map = new SourceMap(JSON.parse(fs.readFileSync(`${file}.map`, "utf8")));
      } catch {
        map = null;
      }
      maps.set(url, map);
    }
    if (!map) return fileURLToPath(url);
    const entry = map.findEntry(line, column) as { originalSource?: string };
    return entry.originalSource ?? fileURLToPath(url);
  };
}

type Window = { view: string; start: number; end: number };

function analyse(profile: Profile, windows: Window[], mix: { start: number; end: number }) {
  const resolve = sourceResolver();
  const categoryByNode = new Map<number, Category>();
  const labelByNode = new Map<number, string>();
  for (const node of profile.nodes) {
    const { url, lineNumber, columnNumber, functionName } = node.callFrame;
    const source = decodeURIComponent(resolve(url, lineNumber, columnNumber));
    categoryByNode.set(node.id, categoryOf(source, functionName));
    labelByNode.set(node.id, labelOf(source, functionName));
  }
  // Sample times on the monotonic clock in µs, the same clock as process.hrtime here.
  const perView = new Map<string, Map<Category, number>>();
  const inMix = new Map<Category, number>();
  const labels = new Map<string, number>();
  const sorted = [...windows].sort((a, b) => a.start - b.start);
  let t = profile.startTime;
  let w = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i]!;
    const interval = profile.timeDeltas[i + 1] ?? 0;
    const category = categoryByNode.get(profile.samples[i]!)!;
    while (w < sorted.length && sorted[w]!.end < t) w++;
    const window = sorted[w];
    if (window && window.start <= t) {
      const row = perView.get(window.view) ?? new Map<Category, number>();
      row.set(category, (row.get(category) ?? 0) + interval);
      perView.set(window.view, row);
    }
    if (t >= mix.start && t <= mix.end) {
      inMix.set(category, (inMix.get(category) ?? 0) + interval);
      const label = labelByNode.get(profile.samples[i]!)!;
      labels.set(label, (labels.get(label) ?? 0) + interval);
    }
  }
  return { perView, inMix, labels };
}

async function main() {
  const database = await createBenchDatabase("profile");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "firstparty-profile-"));
  const server = spawnServer(
    PORT,
    {
      DATABASE_URL: database.url,
      SEED_DEMO: "1",
      WEB_CONCURRENCY: "1",
    },
    {
      nodeArgs: ["--cpu-prof", `--cpu-prof-dir=${dir}`, "--cpu-prof-interval=200"],
      cwd: process.env.BENCH_BASELINE,
    },
  );
  const now = () => Number(process.hrtime.bigint() / 1000n);
  const windows: Window[] = [];
  const wall = new Map<string, number[]>();
  let mix = { start: 0, end: 0 };
  let mixRequests = 0;
  try {
    await waitHealthy(PORT);
    const cookies = await Promise.all(
      ["marketing", "privacy", "admin"].map(async (r) => {
        const cookie = await signIn(PORT, `${r}@firstparty.demo`, "firstparty-demo");
        if (!cookie) throw new Error(`could not sign in ${r}`);
        return cookie;
      }),
    );
    const keyResponse = await fetch(`${BASE}/api/v1/api-keys`, {
      method: "POST",
      headers: { cookie: cookies[2]!, "content-type": "application/json" },
      body: JSON.stringify({ name: "profile", scopes: ["ingest"] }),
    });
    const { key } = (await keyResponse.json()) as { key: string };
    // Warm up: every route's code loaded and compiled before anything is counted.
    for (const view of views)
      for (let i = 0; i < 3; i++)
        await (await fetch(`${BASE}${view}`, { headers: { cookie: cookies[0]! } })).arrayBuffer();

    for (const view of views) {
      for (let i = 0; i < REPEAT; i++) {
        const start = now();
        const r = await fetch(`${BASE}${view}`, { headers: { cookie: cookies[i % 3]! } });
        await r.arrayBuffer();
        if (!r.ok) throw new Error(`${view} answered ${r.status}`);
        const end = now();
        windows.push({ view, start, end });
        wall.set(view, [...(wall.get(view) ?? []), (end - start) / 1000]);
      }
    }

    // The users scenario, as bench:load runs it, on the one profiled worker.
    const generatedAt = Date.now();
    const bodies = Array.from({ length: 5 * (SECONDS + 2) }, (_, b) =>
      JSON.stringify({
        events: generateConsentEvents(400, {
          seed: 9_000 + b,
          firstSubject: 30_000_000 + b * 200,
          end: new Date(generatedAt),
        })
          .slice(0, 1000)
          .map(({ source: _s, ...e }) => ({
            ...e,
            eventId: `profile-${b}-${e.eventId}`,
            occurredAt: new Date(generatedAt - (b % 900) * 1000).toISOString(),
          })),
      }),
    );
    let sent = 0;
    mix = { start: now(), end: 0 };
    const run = (options: autocannon.Options) =>
      new Promise<void>((resolve, reject) => {
        const instance = autocannon(options, (error) => (error ? reject(error) : resolve()));
        instance.on("response", () => mixRequests++);
      });
    await Promise.all([
      ...Array.from({ length: 50 }, async (_, u) => {
        await new Promise((r) => setTimeout(r, (u * 1000) / 50));
        return run({
          url: BASE,
          connections: 1,
          duration: SECONDS,
          connectionRate: 1,
          requests: views.map((_, i) => ({
            method: "GET" as const,
            path: views[(i + u) % views.length]!,
            headers: { cookie: cookies[u % 3]! },
          })),
        });
      }),
      ...Array.from({ length: 5 }, async (_, i) => {
        await new Promise((r) => setTimeout(r, i * 200));
        return run({
          url: BASE,
          connections: 1,
          duration: SECONDS,
          connectionRate: 1,
          requests: [
            {
              method: "POST",
              path: "/api/v1/consent-events",
              headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
              setupRequest: (request) => ({ ...request, body: bodies[sent++ % bodies.length] }),
            },
          ],
        });
      }),
    ]);
    mix.end = now();
  } finally {
    stopServer(server);
    await new Promise<void>((resolve) => server.once("exit", () => resolve()));
    await database.drop();
  }

  const file = fs.readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
  if (!file) throw new Error(`the server wrote no profile into ${dir}`);
  const profile = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as Profile;
  const { perView, inMix, labels } = analyse(profile, windows, mix);

  const short: Record<Category, string> = {
    "session and auth": "auth",
    "database driver": "driver",
    "app: queries and figures": "queries",
    "app: pages and components": "pages",
    "message catalogs": "intl",
    "React render": "react",
    "Next.js runtime": "next",
    "other packages": "pkgs",
    "Node.js": "node",
    "garbage collection": "gc",
    "idle (waiting)": "idle",
  };
  console.log(
    `\nCPU per request by category, ms (median wall time of ${REPEAT} requests alone; one worker):`,
  );
  console.log(
    ["view".padEnd(48), "wall", "cpu", ...CATEGORIES.map((c) => short[c])]
      .map((s) => s.padStart(7))
      .join(" "),
  );
  for (const view of views) {
    const row = perView.get(view) ?? new Map<Category, number>();
    const times = [...(wall.get(view) ?? [])].sort((a, b) => a - b);
    const per = (us: number) => us / 1000 / REPEAT;
    const cpu = [...row].filter(([c]) => c !== "idle (waiting)").reduce((s, [, v]) => s + v, 0);
    console.log(
      [
        view.padEnd(48),
        fmt(times[Math.floor(times.length / 2)] ?? NaN),
        fmt(per(cpu)),
        ...CATEGORIES.map((c) => fmt(per(row.get(c) ?? 0))),
      ]
        .map((s) => String(s).padStart(7))
        .join(" "),
    );
  }
  const total = [...inMix.values()].reduce((s, v) => s + v, 0);
  console.log(
    `\nthe users scenario on one worker: ${fmt(SECONDS)} s, ${fmt(mixRequests)} responses; share of the worker's time:`,
  );
  for (const c of CATEGORIES) {
    const v = inMix.get(c) ?? 0;
    console.log(
      `  ${c.padEnd(28)} ${fmt((v / total) * 100).padStart(5)}%  (${fmt(v / 1000 / Math.max(mixRequests, 1))} ms a response)`,
    );
  }
  console.log(`\nthe users scenario: where the worker's time went, by package, file or function:`);
  for (const [label, v] of [...labels].sort((a, b) => b[1] - a[1]).slice(0, 25))
    console.log(`  ${fmt((v / total) * 100).padStart(5)}%  ${label}`);
  if (process.env.BENCH_PROFILE_KEEP === "1")
    console.log(`\nprofile kept: ${path.join(dir, file)}`);
  else fs.rmSync(dir, { recursive: true, force: true });
}

runToExit(main);
