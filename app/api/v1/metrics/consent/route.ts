import { isoDay, now } from "@/lib/clock";
import { consentFilter } from "@/lib/filters/consent";
import { validQueryFilter, withAuth, otherMethods } from "@/lib/http";
import { getConsentMetrics } from "@/lib/metrics/consent";
import { cachedFigures, dashboardKey, figuresResponse } from "@/lib/figures-cache";

export const dynamic = "force-dynamic";

export const GET = withAuth({ role: "marketing", scope: "read" }, async (request, { db }) => {
  const { values, query } = validQueryFilter(consentFilter, request);
  const today = isoDay(now());
  return figuresResponse(
    await cachedFigures(db, dashboardKey("consent", today, query), () =>
      getConsentMetrics(db, values, today),
    ),
  );
});

// Any other method: a 405 naming these, in the API's error shape.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
