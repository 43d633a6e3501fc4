import { isoDay, now } from "@/lib/clock";
import { cachedFigures, dashboardKey, figuresResponse } from "@/lib/figures-cache";
import { withAuth, otherMethods } from "@/lib/http";
import { getSourceMetrics } from "@/lib/metrics/sources";

export const dynamic = "force-dynamic";

export const GET = withAuth({ role: "marketing", scope: "read" }, async (_request, { db }) => {
  const today = isoDay(now());
  return figuresResponse(
    await cachedFigures(db, dashboardKey("sources", today), () => getSourceMetrics(db, today)),
  );
});

// Any other method: a 405 naming these, in the API's error shape.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
