import { isoDay, now } from "@/lib/clock";
import { cachedFigures, figuresResponse } from "@/lib/figures-cache";
import { withAuth, otherMethods } from "@/lib/http";
import { lawList } from "@/lib/laws";

export const dynamic = "force-dynamic";

/** Laws with dates, status relative to today, readiness (docs/metrics.md), plus coverage. */
export const GET = withAuth({ role: "marketing", scope: "read" }, async (_request, { db }) => {
  const asOf = isoDay(now());
  return figuresResponse(await cachedFigures(db, `api-laws:${asOf}`, () => lawList(db, asOf)));
});

// Any other method: a 405 naming these, in the API's error shape.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
