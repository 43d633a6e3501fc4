import { isoDay, now } from "@/lib/clock";
import { cachedFigures, figuresResponse } from "@/lib/figures-cache";
import { withAuth } from "@/lib/http";
import { getCoverage, listLaws } from "@/lib/laws";
import type { Db } from "@/lib/database";

export const dynamic = "force-dynamic";

/** Laws with dates, status relative to today, readiness (docs/metrics.md), plus coverage. */
export const GET = withAuth({ role: "marketing", scope: "read" }, async (_request, { db }) => {
  const asOf = isoDay(now());
  return figuresResponse(await cachedFigures(db, `api-laws:${asOf}`, () => readLaws(db, asOf)));
});

async function readLaws(db: Db, asOf: string) {
  const laws = await listLaws(db, asOf);
  const coverage = await getCoverage(db, asOf, laws);
  return {
    asOf,
    laws: laws.map((law) => ({
      id: law.id,
      name: law.name,
      nameDe: law.nameDe,
      shortName: law.shortName,
      shortNameDe: law.shortNameDe,
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
  };
}
