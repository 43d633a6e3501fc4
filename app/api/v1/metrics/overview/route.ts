import { getDb } from "@/db/client";
import { isoDay, now } from "@/lib/clock";
import { withAuth } from "@/lib/http";
import { getOverviewMetrics } from "@/lib/metrics/overview";

export const dynamic = "force-dynamic";

/** Headline figures: first-party share, consent rate, next law date, profile completeness. */
export const GET = withAuth({ role: "marketing", scope: "read" }, async () => {
  return Response.json(await getOverviewMetrics(await getDb(), isoDay(now())));
});
