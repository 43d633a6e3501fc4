import { isoDay, now } from "@/lib/clock";
import { preferenceCenterFilter, resolveFunnelRange } from "@/lib/filters/preference-center";
import { queryFilter, withAuth, otherMethods } from "@/lib/http";
import { getPreferenceCenterMetrics } from "@/lib/preferences/funnel";

export const dynamic = "force-dynamic";

/** The preference-center funnel: views, saves, and per purpose shown, granted, denied. */
export const GET = withAuth({ role: "marketing", scope: "read" }, async (request, { db }) => {
  const filter = queryFilter(preferenceCenterFilter, request);
  return Response.json(
    await getPreferenceCenterMetrics(db, resolveFunnelRange(filter, isoDay(now()))),
  );
});

// Any other method: a 405 naming these, in the API's error shape.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
