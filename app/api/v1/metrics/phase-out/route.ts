import { isoDay, now } from "@/lib/clock";
import { phaseOutFilter } from "@/lib/filters/phase-out";
import { queryFilter, withAuth } from "@/lib/http";
import { getPhaseOut } from "@/lib/metrics/phase-out";

export const dynamic = "force-dynamic";

/** ?retire=a,b: the profiles before and after those sources' attributes are gone. */
export const GET = withAuth({ role: "marketing", scope: "read" }, async (request, { db }) => {
  const { retire } = queryFilter(phaseOutFilter, request);
  return Response.json(await getPhaseOut(db, retire, isoDay(now())));
});
