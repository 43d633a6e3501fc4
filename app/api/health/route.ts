import { databaseStatus } from "@/lib/health";

export const dynamic = "force-dynamic";

/** Liveness and readiness: 200 with the driver when the database answers, else 503, quickly. */
export async function GET() {
  const headers = { "cache-control": "no-store" };
  const status = await databaseStatus();
  if (status.ok) return Response.json({ status: "ok", database: status.driver }, { headers });
  return Response.json(
    { status: "unavailable", error: "The database is not reachable" },
    { status: 503, headers },
  );
}
