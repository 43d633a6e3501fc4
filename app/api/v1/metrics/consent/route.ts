import { isoDay, now } from "@/lib/clock";
import { consentFilter } from "@/lib/filters/consent";
import { queryFilter, withAuth } from "@/lib/http";
import { getConsentMetrics } from "@/lib/metrics/consent";

export const dynamic = "force-dynamic";

export const GET = withAuth({ role: "marketing", scope: "read" }, async (request, { db }) => {
  const filter = queryFilter(consentFilter, request);
  return Response.json(await getConsentMetrics(db, filter, isoDay(now())));
});
