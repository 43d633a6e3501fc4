import "server-only";
/**
 * The headline figures of the overview page and GET /api/v1/metrics/overview: one figure per
 * dashboard, each computed by that dashboard's own query module, and the trends of four of them
 * (lib/metrics/trends).
 */
import type { Db } from "@/db/connect";
import { listLaws } from "@/lib/laws";
import { getTrends } from "./trends";
import { getProfileMetrics } from "./profiles";
import { getSourceMetrics } from "./sources";

export async function getOverviewMetrics(db: Db, today: string) {
  const sourcesRead = getSourceMetrics(db, today);
  const [sources, { trends, consent }, laws, profiles] = await Promise.all([
    sourcesRead,
    getTrends(db, today, sourcesRead),
    listLaws(db, today),
    getProfileMetrics(db, {}),
  ]);
  const next = laws
    .filter((l) => l.next)
    .sort((a, b) => a.next!.date.localeCompare(b.next!.date))[0];
  return {
    asOf: today,
    sources: {
      firstPartyShare: sources.firstPartyShare,
      thirdPartyShare: sources.thirdPartyShare,
      phaseOutVerdict: sources.phaseOut.verdict,
    },
    consent,
    laws: {
      inForce: laws.filter((l) => l.status === "in_force").length,
      atRisk: laws.filter((l) => l.atRisk).length,
      next: next
        ? {
            lawId: next.id,
            shortName: next.shortName,
            shortNameDe: next.shortNameDe,
            jurisdictions: next.jurisdictions,
            date: next.next!.date,
            label: next.next!.label,
            labelDe: next.next!.labelDe,
            days: next.next!.days,
          }
        : null,
    },
    profiles: {
      profiles: profiles.profiles,
      avgCompleteness: profiles.avgCompleteness,
      share360: profiles.share360,
      identityCoverage: profiles.identityCoverage,
    },
    trends,
  };
}
export type OverviewMetrics = Awaited<ReturnType<typeof getOverviewMetrics>>;
