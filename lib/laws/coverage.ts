import "server-only";
/**
 * Customer coverage: the profiles' regions against each law's jurisdictions, now and over time.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/connect";
import { profiles } from "@/db/schema";
import { customerCoverage } from "./model";
import { listLaws, type LawView } from "./views";

/** Customer coverage from the profiles' regions (one grouped read) and the laws. */
export async function getCoverage(db: Db, today: string, lawList?: LawView[]) {
  const rows = await db
    .select({ region: profiles.region, n: sql<string>`count(*)::text` })
    .from(profiles)
    .groupBy(profiles.region);
  const regions = new Map(rows.map((r) => [r.region, Number(r.n)]));
  const list = lawList ?? (await listLaws(db, today));
  return customerCoverage(
    regions,
    list.map((l) => ({
      id: l.id,
      shortName: l.shortName,
      jurisdictions: l.jurisdictions,
      effectiveDate: l.effectiveDate,
      status: l.legalStatus,
      phases: l.phases,
    })),
    today,
  );
}

/** `GET /api/v1/laws`'s answer: the laws, each with the customers it covers, and the coverage. */
export async function lawList(db: Db, asOf: string) {
  const laws = await listLaws(db, asOf);
  const { byLaw, ...coverage } = await getCoverage(db, asOf, laws);
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
      customers: byLaw.get(law.id) ?? 0,
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
