import { isoDay, now } from "@/lib/clock";
import { HttpError, withAuth, zodIssues } from "@/lib/http";
import { consentFilterSchema, getConsentMetrics } from "@/lib/metrics/consent";

export const dynamic = "force-dynamic";

export const GET = withAuth({ role: "marketing", scope: "read" }, async (request, { db }) => {
  const params = Object.fromEntries(
    [...new URL(request.url).searchParams].filter(([, v]) => v !== ""),
  );
  const filter = consentFilterSchema.safeParse(params);
  if (!filter.success)
    throw new HttpError(400, "The query string is invalid", zodIssues(filter.error));
  return Response.json(await getConsentMetrics(db, filter.data, isoDay(now())));
});
