import "server-only";
/**
 * Whether the database answers, for GET /api/health (load balancers ask it often): opens it if
 * needed and pings it, each step given at most two seconds. Says nothing but the driver.
 */
import { getDatabase } from "@/lib/database";

const TIMEOUT_MS = 2_000;

export async function databaseStatus(): Promise<
  { ok: true; driver: "pglite" | "postgres" } | { ok: false }
> {
  try {
    const handle = await withTimeout(getDatabase());
    await withTimeout(handle.ping());
    return { ok: true, driver: handle.driver };
  } catch {
    return { ok: false };
  }
}

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timeout")), TIMEOUT_MS);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error) => (clearTimeout(timer), reject(error)),
    );
  });
}
