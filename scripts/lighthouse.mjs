/**
 * Plain JavaScript on purpose: Lighthouse serialises functions into the page, and a TypeScript
 * loader's helpers (esbuild's __name) would break them there.
 *
 * `npm run bench:lighthouse` — Lighthouse (12.x, the last line that runs on Node 20) against the
 * production build in Debian's Chromium: performance and accessibility of the overview and the
 * consent dashboard, signed in as the marketing demo user, and of a customer's preference page
 * in German (a link issued through the API), with Lighthouse's desktop and its default (mobile,
 * throttled) settings. Targets: performance ≥ 95, accessibility 100. LIGHTHOUSE_PAGES (`all`,
 * `dashboards` or `preferences`) picks the pages; LIGHTHOUSE_PATHS narrows the dashboards;
 * LIGHTHOUSE_REPORTS keeps every run's report in a folder. Prints the scores; needs `npm run build` first.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import desktopConfig from "lighthouse/core/config/desktop-config.js";
import chromiumFlags from "./lib/chromium-flags.json" with { type: "json" };

const PORT = 3994;
const BASE = `http://127.0.0.1:${PORT}`;
// LIGHTHOUSE_PATHS=/consent measures only the dashboards named (comma-separated).
const DASHBOARDS = process.env.LIGHTHOUSE_PATHS?.split(",") ?? ["/", "/consent"];
const WHICH = process.env.LIGHTHOUSE_PAGES ?? "all";
const RUNS = Number(process.env.LIGHTHOUSE_RUNS ?? 3);

async function signIn(email) {
  const csrf = await fetch(`${BASE}/api/auth/csrf`);
  const { csrfToken } = await csrf.json();
  const jar = csrf.headers.getSetCookie().map((c) => c.split(";")[0]);
  const r = await fetch(`${BASE}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; ") },
    body: new URLSearchParams({ csrfToken, email, password: "firstparty-demo", json: "true" }),
  });
  const session = r.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .find((c) => c.startsWith("next-auth.session-token="));
  if (!session) throw new Error("could not sign in");
  return session;
}

/** A customer's preference link in German, issued as a mailing system would (an ingest key). */
async function preferencePage(adminCookie) {
  const key = await fetch(`${BASE}/api/v1/api-keys`, {
    method: "POST",
    headers: { cookie: adminCookie, "content-type": "application/json", origin: BASE },
    body: JSON.stringify({ name: "lighthouse mailer", scopes: ["ingest"] }),
  }).then((r) => r.json());
  const link = await fetch(`${BASE}/api/v1/preference-links`, {
    method: "POST",
    headers: { authorization: `Bearer ${key.key}`, "content-type": "application/json" },
    body: JSON.stringify({ subjectId: "cust-0000001", locale: "de" }),
  }).then((r) => r.json());
  return new URL(link.url).pathname;
}

async function main() {
  if (!fs.existsSync(".next/BUILD_ID")) throw new Error("Run `npm run build` first.");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fp-lighthouse-"));
  let server;
  let chrome;
  try {
    server = spawn("node", ["server.mjs", "-H", "127.0.0.1", "-p", String(PORT)], {
      env: {
        ...process.env,
        DATABASE_URL: "",
        PGLITE_DIR: path.join(dir, "pglite"),
        NEXTAUTH_URL: BASE,
      },
      stdio: "ignore",
      detached: true,
    });
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${BASE}/api/health`)).ok) break;
      } catch {
        // starting and seeding
      }
      if (i > 240) throw new Error("the server did not start");
      await new Promise((r) => setTimeout(r, 500));
    }
    const cookie = await signIn("marketing@firstparty.demo");
    const pages = [
      ...(WHICH === "preferences" ? [] : DASHBOARDS),
      ...(WHICH === "dashboards"
        ? []
        : [await preferencePage(await signIn("admin@firstparty.demo"))]),
    ];
    chrome = await chromeLauncher.launch({
      chromePath: process.env.CHROME_PATH ?? process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      chromeFlags: ["--headless=new", ...chromiumFlags],
    });
    // One discarded run first: a cold Chrome's first audit can fail to paint and score 0.
    await lighthouse(
      `${BASE}/`,
      {
        port: chrome.port,
        logLevel: "error",
        onlyCategories: ["performance"],
        extraHeaders: { Cookie: cookie },
      },
      desktopConfig,
    );
    const rows = [];
    for (const page of pages) {
      for (const [label, config] of [
        ["desktop", desktopConfig],
        ["mobile", undefined],
      ]) {
        // Several runs, the median reported: single Lighthouse runs on a shared machine vary,
        // and now and then one collects no paint metrics at all (scored 0; counted, not used).
        const runs = [];
        let empty = 0;
        for (let r = 0; r < RUNS; r++) {
          const result = await lighthouse(
            `${BASE}${page}`,
            {
              port: chrome.port,
              output: "json",
              logLevel: "error",
              onlyCategories: ["performance", "accessibility"],
              extraHeaders: { Cookie: cookie },
            },
            config,
          );
          const lhr = result.lhr;
          // LIGHTHOUSE_REPORTS=dir keeps each run's report, to see where the time went.
          if (process.env.LIGHTHOUSE_REPORTS) {
            fs.mkdirSync(process.env.LIGHTHOUSE_REPORTS, { recursive: true });
            const name = `${page === "/" ? "overview" : page.replace(/\W+/g, "-").replace(/^-/, "")}-${label}-${r}.json`;
            fs.writeFileSync(path.join(process.env.LIGHTHOUSE_REPORTS, name), JSON.stringify(lhr));
          }
          if (lhr.audits["first-contentful-paint"]?.numericValue === undefined) {
            empty++;
            continue;
          }
          runs.push({
            performance: Math.round((lhr.categories.performance?.score ?? 0) * 100),
            accessibility: Math.round((lhr.categories.accessibility?.score ?? 0) * 100),
            tbt: lhr.audits["total-blocking-time"]?.displayValue ?? "—",
            lcp: lhr.audits["largest-contentful-paint"]?.displayValue ?? "—",
          });
        }
        runs.sort((a, b) => a.performance - b.performance);
        const median = runs[Math.floor(runs.length / 2)];
        rows.push(
          median
            ? `${(page.startsWith("/preferences/") ? "/preferences/… (de)" : page).padEnd(9)} ${label.padEnd(8)} performance ${median.performance} (runs: ${runs.map((x) => x.performance).join(", ")}), accessibility ${Math.min(...runs.map((x) => x.accessibility))} (LCP ${median.lcp}, TBT ${median.tbt})${empty ? `; ${empty} run(s) without paint metrics` : ""}`
            : `${page.slice(0, 20).padEnd(9)} ${label.padEnd(8)} no run collected metrics`,
        );
        console.log(rows.at(-1));
      }
    }
    console.log("\n── results (targets: performance ≥ 95, accessibility 100) ──");
    for (const row of rows) console.log(row);
  } finally {
    await chrome?.kill();
    if (server) {
      try {
        process.kill(-server.pid, "SIGTERM");
      } catch {
        // gone
      }
    }
    await new Promise((r) => setTimeout(r, 500));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
