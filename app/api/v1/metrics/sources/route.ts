import { getDb } from "@/db/client";
import { isoDay, now } from "@/lib/clock";
import { withAuth } from "@/lib/http";
import { getSourceMetrics } from "@/lib/metrics/sources";

export const dynamic = "force-dynamic";

export const GET = withAuth({ role: "marketing", scope: "read" }, async () => {
  return Response.json(await getSourceMetrics(await getDb(), isoDay(now())));
});
