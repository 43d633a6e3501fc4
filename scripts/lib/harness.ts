/**
 * What the benchmark and fault scripts share: starting and stopping the production server,
 * signing in through next-auth's documented REST flow, and printing figures.
 * (scripts/lighthouse.mjs keeps its own copy: it must stay plain JavaScript.)
 */
import { spawn, type ChildProcess } from "node:child_process";

export const BENCH_SECRET = "bench-secret-bench-secret-bench-secret-42";

/** Starts `npm start`'s server.mjs in its own process group (so stopServer takes its workers too). */
export function spawnServer(
  port: number,
  env: Record<string, string>,
  options: { stderr?: boolean | "pipe"; nodeArgs?: string[]; cwd?: string } = {},
): ChildProcess {
  const args = [...(options.nodeArgs ?? []), "server.mjs", "-H", "127.0.0.1", "-p", String(port)];
  return spawn("node", args, {
    cwd: options.cwd,
    env: {
      ...process.env,
      NEXTAUTH_SECRET: BENCH_SECRET,
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
      ...env,
    },
    stdio: [
      "ignore",
      "ignore",
      options.stderr === "pipe" ? "pipe" : options.stderr === false ? "ignore" : "inherit",
    ],
    detached: true,
  });
}

/** Resolves with the milliseconds it took once /api/health answers 200. */
export async function waitHealthy(port: number, timeoutMs = 120_000): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/api/health`, {
        signal: AbortSignal.timeout(3_000),
      });
      if (r.ok) return Date.now() - started;
    } catch {
      // not up yet (migrations, the demo seed)
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the server on port ${port} did not become healthy`);
}

export async function startServer(
  port: number,
  env: Record<string, string>,
  options: Parameters<typeof spawnServer>[2] = {},
): Promise<ChildProcess> {
  const child = spawnServer(port, env, options);
  await waitHealthy(port);
  return child;
}

export function stopServer(child: ChildProcess | undefined, signal: NodeJS.Signals = "SIGTERM") {
  if (!child) return;
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
}

const cookiesFrom = (response: Response) =>
  response.headers.getSetCookie().map((c) => c.split(";")[0]!);

/** next-auth's credentials flow; the session cookie, or null when refused. */
export async function signIn(port: number, email: string, password: string) {
  const base = `http://127.0.0.1:${port}`;
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      cookie: cookiesFrom(csrf).join("; "),
    },
    body: new URLSearchParams({ csrfToken, email, password, json: "true", callbackUrl: base }),
  });
  return cookiesFrom(response).find((c) => c.startsWith("next-auth.session-token=")) ?? null;
}

/** next-auth's sign-out of the session `cookie`: its status and whether it cleared the cookie. */
export async function signOut(port: number, cookie: string) {
  const base = `http://127.0.0.1:${port}`;
  const csrf = await fetch(`${base}/api/auth/csrf`, { headers: { cookie } });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${base}/api/auth/signout`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      cookie: [cookie, ...cookiesFrom(csrf)].join("; "),
    },
    body: new URLSearchParams({ csrfToken, json: "true", callbackUrl: base }),
    signal: AbortSignal.timeout(15_000),
  });
  const cleared = cookiesFrom(response).includes("next-auth.session-token=");
  return { status: response.status, cleared };
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export const fmt = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 1 });

/** Runs a benchmark's main and exits with 0, or with 1 after printing what failed. */
export function runToExit(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
