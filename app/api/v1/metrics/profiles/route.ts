import { profileFilter } from "@/lib/filters/profiles";
import { isoDay, now } from "@/lib/clock";
import { cachedFigures, dashboardKey, figuresResponse } from "@/lib/figures-cache";
import { validQueryFilter, withAuth, otherMethods } from "@/lib/http";
import { getProfileMetrics } from "@/lib/metrics/profiles";

export const dynamic = "force-dynamic";

/** ?region&party: completeness, 360° share, identity coverage, fill rates and reach. */
export const GET = withAuth({ role: "marketing", scope: "read" }, async (request, { db }) => {
  const { values, query } = validQueryFilter(profileFilter, request);
  const key = dashboardKey("profiles", isoDay(now()), query);
  return figuresResponse(await cachedFigures(db, key, () => getProfileMetrics(db, values)));
});

// Any other method: a 405 naming these, in the API's error shape.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
