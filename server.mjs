/**
 * `npm start`: serves the production build on every core. Next.js runs on one thread per
 * process, so on PostgreSQL this starts one worker per core (WEB_CONCURRENCY to choose) and
 * node:cluster shares the port between them; the workers keep no state of their own (sessions,
 * rate limits, jobs and locks are in PostgreSQL), exactly like instances behind a load balancer.
 * On the embedded database there is one worker: PGlite belongs to one process.
 *
 * Options as for `next start`: -p/--port (or PORT, default 3000) and -H/--hostname (default
 * every interface, IPv6 too; HOSTNAME is not read, containers set it to their own name). A
 * worker that dies is replaced; SIGTERM/SIGINT stop all.
 */
import cluster from "node:cluster";
import http from "node:http";
import os from "node:os";
import { parseArgs } from "node:util";
import { clientAddress, trustedHops } from "./server/client-address.mjs";
import { applyTimeouts, bodiesInTime } from "./server/timeouts.mjs";
import { onShutdown, shutDown, stopping } from "./server/shutdown.mjs";

/**
 * How long a stopping worker waits for its requests and jobs, then for its database to close,
 * before it exits anyway: 8 seconds in all, within the primary's 10.
 */
const STOP_WORK_MS = 6_000;
const STOP_DATABASE_MS = 2_000;

// Written into every request by this server (a client's own value is replaced); the app reads
// nothing else to learn the client's address. Keep in step with lib/auth/client-address.ts.
const CLIENT_ADDRESS_HEADER = "x-firstparty-client-address";

const { values } = parseArgs({
  options: {
    port: { type: "string", short: "p" },
    hostname: { type: "string", short: "H" },
  },
});
const port = Number(values.port ?? process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(
    `The port must be a number from 1 to 65535, not "${values.port ?? process.env.PORT}".`,
  );
  process.exit(1);
}
// Only -H: containers set HOSTNAME to their own name. Without it, every interface, IPv6 too.
const hostname = values.hostname;
const workers = workerCount();
let hops;
try {
  hops = trustedHops(process.env.TRUST_PROXY);
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
// The quick start serves the embedded demo on this machine; anything else names its origin.
if (!process.env.DATABASE_URL && !process.env.NEXTAUTH_URL) {
  process.env.NEXTAUTH_URL = `http://localhost:${port}`;
}

function workerCount() {
  const chosen = process.env.WEB_CONCURRENCY;
  if (chosen && !/^[1-9]\d{0,2}$/.test(chosen)) {
    console.error(`WEB_CONCURRENCY must be a number of workers from 1 to 999, not "${chosen}".`);
    process.exit(1);
  }
  if (!process.env.DATABASE_URL) return 1;
  return chosen ? Number(chosen) : os.availableParallelism();
}

async function serve() {
  // What `next start` does; without it React and Next would load their development builds.
  process.env.NODE_ENV ??= "production";
  const { default: next } = await import("next");
  const app = next({ dev: false, hostname, port });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = http.createServer((req, res) => {
    req.headers[CLIENT_ADDRESS_HEADER] = clientAddress(
      req.socket.remoteAddress,
      req.headers["x-forwarded-for"],
      hops,
    );
    bodiesInTime(req);
    // A stopping worker answers what it was asked and closes the connection after it: a client
    // that keeps its connection alive goes to another worker or instance for the next request.
    if (stopping()) res.setHeader("connection", "close");
    return handle(req, res);
  });
  applyTimeouts(server);
  // A port in use (or not ours to take) ends the process, as with `next start`.
  server.on("error", (error) => {
    console.error(`Firstparty cannot listen on port ${port}:`, error.message);
    process.exit(1);
  });
  server.listen(port, hostname, () => {
    if (!cluster.isWorker || cluster.worker?.id === 1)
      console.log(`Firstparty on http://${hostname ?? "localhost"}:${port} (${workers} worker(s))`);
  });
  // Requests in flight end, background jobs hand back theirs and the database closes, within the
  // primary's 10 seconds (server/shutdown.mjs).
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    const idle = new Promise((resolve) => server.close(resolve));
    // A kept-alive connection whose request ends meanwhile would stay open for the keep-alive
    // timeout: each is closed as soon as it is idle (and answered with "connection: close"
    // meanwhile), and whatever is left when the work's time is up.
    const closing = setInterval(() => server.closeIdleConnections(), 100);
    onShutdown(async () => {
      clearInterval(closing);
      server.closeAllConnections();
    }, "database");
    void shutDown(idle, { workMs: STOP_WORK_MS, databaseMs: STOP_DATABASE_MS }).finally(() =>
      process.exit(0),
    );
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

if (workers > 1 && cluster.isPrimary) {
  let stopping = false;
  let started = false; // once one worker served, the configuration is known to be good
  let delay = 250; // before replacing a worker; doubles while replacements fail, up to 30 s
  const first = new Set();
  for (let i = 0; i < workers; i++) first.add(cluster.fork().id);
  cluster.on("listening", () => {
    started = true;
    delay = 250;
  });
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) return;
    if (!started && first.has(worker.id)) {
      // No worker has served yet: the configuration or the database is wrong for all of them.
      console.error(`worker ${worker.process.pid} failed to start (${signal ?? code}); stopping`);
      stopping = true;
      for (const w of Object.values(cluster.workers ?? {})) w?.kill("SIGTERM");
      process.exitCode = 1;
      return;
    }
    // A signal sent to the whole process group reaches the workers as well as this process, and
    // their exits may be seen first: wait a moment before taking one for a crash. The others
    // keep serving meanwhile; a replacement that fails is retried later and later.
    setTimeout(() => {
      if (stopping) return;
      console.error(`worker ${worker.process.pid} ended (${signal ?? code}); starting another`);
      cluster.fork();
    }, delay);
    delay = Math.min(delay * 2, 30_000);
  });
  const stopAll = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill("SIGTERM");
    setTimeout(() => process.exit(0), 10_000).unref();
    cluster.on("exit", () => {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    });
  };
  process.on("SIGTERM", stopAll);
  process.on("SIGINT", stopAll);
} else {
  await serve();
}
