import { isoDay, now } from "@/lib/clock";
import { withAuth, otherMethods } from "@/lib/http";
import { getOverviewMetrics } from "@/lib/metrics/overview";
import { cachedFigures, dashboardKey, figuresResponse } from "@/lib/figures-cache";

export const dynamic = "force-dynamic";

/**
 * Headline figures: first-party share, consent rate, next law date, profile completeness. The
 * same shared figures as the overview page (one read for both).
 */
export const GET = withAuth({ role: "marketing", scope: "read" }, async (_request, { db }) => {
  const today = isoDay(now());
  return figuresResponse(
    await cachedFigures(db, dashboardKey("overview", today), () => getOverviewMetrics(db, today)),
  );
});

// Any other method: a 405 naming these, in the API's error shape.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
