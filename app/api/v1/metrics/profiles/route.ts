import { withAuth } from "@/lib/http";
import { getProfileMetrics } from "@/lib/metrics/profiles";
import { profileFilterSchema } from "@/lib/profiles/schema";

export const dynamic = "force-dynamic";

/** ?region&party: completeness, 360° share, identity coverage, fill rates and reach. */
export const GET = withAuth({ role: "marketing", scope: "read" }, async (request, { db }) => {
  const query = new URL(request.url).searchParams;
  const filter = profileFilterSchema.parse({
    region: query.get("region") || undefined,
    party: query.get("party") || undefined,
  });
  return Response.json(await getProfileMetrics(db, filter));
});
