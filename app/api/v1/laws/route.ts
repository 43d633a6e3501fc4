import { isoDay, now } from "@/lib/clock";
import { withAuth } from "@/lib/http";
import { getCoverage, listLaws } from "@/lib/laws";

export const dynamic = "force-dynamic";

/** Laws with dates, status relative to today, readiness (DESIGN.md), plus coverage. */
export const GET = withAuth({ role: "marketing", scope: "read" }, async (_request, { db }) => {
  const asOf = isoDay(now());
  const laws = await listLaws(db, asOf);
  const coverage = await getCoverage(db, asOf, laws);
  return Response.json({
    asOf,
    laws: laws.map((law) => ({
      id: law.id,
      name: law.name,
      shortName: law.shortName,
      jurisdictions: law.jurisdictions,
      effectiveDate: law.effectiveDate,
      phases: law.phases,
      status: law.status,
      obligationsFrom: law.obligationsFrom,
      readiness: law.readiness,
      readinessNow: law.readinessNow,
      sourceUrl: law.sourceUrl,
      sources: law.sources,
      atRisk: law.atRisk,
      notReady: law.notReady,
      next: law.next,
      reviewedOn: law.reviewedOn,
      curePeriodDays: law.curePeriodDays,
      cure: law.cure,
      custom: law.custom,
      obligations: law.obligations,
    })),
    coverage,
  });
});
