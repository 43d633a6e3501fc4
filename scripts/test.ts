/**
 * `npm test` — every test, in order: dependency audit, lint, typecheck, vitest (unit, then integration on PGlite
 * and on the PostgreSQL at TEST_DATABASE_URL), the production build, Playwright in Debian's
 * Chromium, then the fault and two-instance tests. Installs Chromium when it is missing and we are root; otherwise says how. Ends with
 * one line of totals.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import postgres from "postgres";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const PG_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const RESULTS = ".data/test-results";

function step(title: string, command: string, args: string[], env: Record<string, string> = {}) {
  console.log(`\n━━ ${title} ━━ ${command} ${args.join(" ")}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  console.log(
    `━━ ${title}: ${result.status === 0 ? "ok" : "FAILED"} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  if (result.status !== 0) {
    summarize(title);
    process.exit(result.status ?? 1);
  }
}

function ensureChromium() {
  if (fs.existsSync(CHROMIUM)) return;
  if (process.getuid?.() === 0) {
    console.log("Chromium is missing; installing Debian's package (apt-get install chromium)…");
    step("apt-get update", "apt-get", ["update", "-qq"]);
    step("install chromium", "apt-get", ["install", "-y", "-qq", "chromium", "fonts-dejavu-core"], {
      DEBIAN_FRONTEND: "noninteractive",
    });
    return;
  }
  console.error(
    `Chromium is not installed at ${CHROMIUM}. Install Debian's package first:\n  sudo apt-get update && sudo apt-get install -y chromium\n(or set CHROMIUM_PATH to an existing Chromium binary).`,
  );
  process.exit(1);
}

async function ensurePostgres() {
  const sql = postgres(PG_URL, { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    await sql`select 1`;
  } catch (error) {
    console.error(
      `PostgreSQL is not reachable at ${PG_URL.replace(/:[^:@/]*@/, ":***@")} (${(error as Error).message}).\nStart it (e.g. pg_ctlcluster --skip-systemctl-redirect 15 main start) or set TEST_DATABASE_URL.`,
    );
    process.exit(1);
  } finally {
    await sql.end({ timeout: 1 });
  }
}

function readJson(file: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

/** A port nothing listens on, for the end-to-end server (a stray server must not be reused). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function summarize(failedStep?: string) {
  const vitest = readJson(`${RESULTS}/vitest.json`) as
    { numPassedTests?: number; numFailedTests?: number } | undefined;
  const pw = (
    readJson(`${RESULTS}/playwright.json`) as
      { stats?: { expected: number; unexpected: number; flaky: number } } | undefined
  )?.stats;
  const faults = (readJson(`${RESULTS}/faults.json`) as { results?: { ok: boolean }[] } | undefined)
    ?.results;
  const faultsPassed = faults?.filter((r) => r.ok).length ?? 0;
  const faultsFailed = faults ? faults.length - faultsPassed : 0;
  const passed = (vitest?.numPassedTests ?? 0) + (pw ? pw.expected + pw.flaky : 0) + faultsPassed;
  const counted = (vitest?.numFailedTests ?? 0) + (pw?.unexpected ?? 0) + faultsFailed;
  // A step that failed before its tests could count (lint, build, a server that would not start)
  // is one failure, so the totals never read as green for a red run.
  const failed = failedStep && counted === 0 ? 1 : counted;
  if (failedStep) console.log(`\nfailed step: ${failedStep}`);
  console.log(
    `\nvitest: ${vitest?.numPassedTests ?? 0} passed, ${vitest?.numFailedTests ?? 0} failed`,
  );
  if (pw)
    console.log(
      `playwright: ${pw.expected + pw.flaky} passed (${pw.flaky} flaky), ${pw.unexpected} failed`,
    );
  if (faults) console.log(`faults: ${faultsPassed} passed, ${faultsFailed} failed`);
  console.log(`total: ${passed} passed, ${failed} failed`);
}

/**
 * Fails on a high or critical advisory in the installed dependencies. When the registry's
 * advisory endpoint cannot be reached (offline mirrors answer 405), says so and goes on: an
 * unknown is reported, never passed off as a clean result.
 */
function auditDependencies() {
  console.log("\n━━ dependency audit ━━ npm audit --audit-level=high --json");
  const result = spawnSync("npm", ["audit", "--audit-level=high", "--json"], { encoding: "utf8" });
  let report: { metadata?: { vulnerabilities?: Record<string, number> }; error?: unknown };
  try {
    report = JSON.parse(result.stdout || "{}");
  } catch {
    report = {};
  }
  const counts = report.metadata?.vulnerabilities;
  if (!counts) {
    console.log(
      "━━ dependency audit: NOT CHECKED — the advisory database could not be reached from this machine",
    );
    return;
  }
  const serious = (counts.high ?? 0) + (counts.critical ?? 0);
  console.log(
    `━━ dependency audit: ${serious === 0 ? "ok" : "FAILED"} (critical ${counts.critical ?? 0}, high ${counts.high ?? 0}, moderate ${counts.moderate ?? 0}, low ${counts.low ?? 0})`,
  );
  if (serious > 0) {
    summarize("dependency audit");
    process.exit(1);
  }
}

async function main() {
  fs.rmSync(RESULTS, { recursive: true, force: true });
  fs.mkdirSync(RESULTS, { recursive: true });
  ensureChromium();
  await ensurePostgres();
  auditDependencies();
  step("lint", "npx", ["eslint", "."]);
  step("format", "npx", ["prettier", "--check", "."]);
  step("typecheck", "npx", ["tsc", "--noEmit"]);
  step(
    "vitest: unit + integration (PGlite, PostgreSQL)",
    "npx",
    [
      "vitest",
      "run",
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${RESULTS}/vitest.json`,
    ],
    { TEST_DATABASE_URL: PG_URL },
  );
  step("production build", "npx", ["next", "build"]);
  step("page budgets (first-load JavaScript)", "npx", ["tsx", "scripts/page-budgets.ts"]);
  step("end-to-end (Playwright, Chromium)", "npx", ["playwright", "test"], {
    CHROMIUM_PATH: CHROMIUM,
    E2E_PORT: String(await freePort()),
  });
  step("faults and two instances (npm run test:faults)", "npx", ["tsx", "scripts/test-faults.ts"], {
    TEST_DATABASE_URL: PG_URL,
  });
  summarize();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
