import { isoDay, now } from "@/lib/clock";
import { withAuth } from "@/lib/http";
import { getSourceMetrics } from "@/lib/metrics/sources";

export const dynamic = "force-dynamic";

export const GET = withAuth({ role: "marketing", scope: "read" }, async (_request, { db }) => {
  return Response.json(await getSourceMetrics(db, isoDay(now())));
});
