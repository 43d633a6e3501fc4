import { profileFilter } from "@/lib/filters/profiles";
import { queryFilter, withAuth } from "@/lib/http";
import { getProfileMetrics } from "@/lib/metrics/profiles";

export const dynamic = "force-dynamic";

/** ?region&party: completeness, 360° share, identity coverage, fill rates and reach. */
export const GET = withAuth({ role: "marketing", scope: "read" }, async (request, { db }) => {
  return Response.json(await getProfileMetrics(db, queryFilter(profileFilter, request)));
});
