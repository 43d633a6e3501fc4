import { isoDay, now } from "@/lib/clock";
import { phaseOutFilter } from "@/lib/filters/phase-out";
import { validQueryFilter, withAuth, otherMethods } from "@/lib/http";
import { getPhaseOut } from "@/lib/metrics/phase-out";
import { cachedFigures, dashboardKey, figuresResponse } from "@/lib/figures-cache";

export const dynamic = "force-dynamic";

/**
 * ?retire=a,b: the profiles before and after those sources' attributes are gone. Shared for a
 * few seconds per list of sources, as the dashboards' figures are: at a million profiles one
 * simulation reads every source set.
 */
export const GET = withAuth({ role: "marketing", scope: "read" }, async (request, { db }) => {
  const { values, query } = validQueryFilter(phaseOutFilter, request);
  const today = isoDay(now());
  return figuresResponse(
    await cachedFigures(db, dashboardKey("phase-out", today, query), () =>
      getPhaseOut(db, values.retire, today),
    ),
  );
});

// Any other method: a 405 naming these, in the API's error shape.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
