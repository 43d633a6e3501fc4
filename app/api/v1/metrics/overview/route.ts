import { isoDay, now } from "@/lib/clock";
import { withAuth } from "@/lib/http";
import { getOverviewMetrics } from "@/lib/metrics/overview";

export const dynamic = "force-dynamic";

/** Headline figures: first-party share, consent rate, next law date, profile completeness. */
export const GET = withAuth({ role: "marketing", scope: "read" }, async (_request, { db }) => {
  return Response.json(await getOverviewMetrics(db, isoDay(now())));
});
