import { getDatabase } from "@/db/client";

export const dynamic = "force-dynamic";

const TIMEOUT_MS = 2_000;

/** Liveness and readiness: 200 with the driver when the database answers, else 503, quickly. */
export async function GET() {
  const headers = { "cache-control": "no-store" };
  try {
    const handle = await withTimeout(getDatabase());
    await withTimeout(handle.ping());
    return Response.json({ status: "ok", database: handle.driver }, { headers });
  } catch {
    return Response.json(
      { status: "unavailable", error: "The database is not reachable" },
      { status: 503, headers },
    );
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
