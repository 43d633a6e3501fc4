import "server-only";
/**
 * Figures of the /sources dashboard and GET /api/v1/metrics/sources: the mix by party now, the
 * last 24 months, the cookie-based share and the phase-out verdict. The inventory is a small
 * reference table, so it is read whole and computed in lib/sources/mix.
 */
import type { Db } from "@/db/connect";
import { listSources, getPhaseOutTarget } from "@/lib/sources";
import {
  mixOn,
  monthlySeries,
  pathStart,
  phaseOutPath,
  phaseOutVerdict,
  type PartyMix,
  type SeriesPoint,
  type PathPoint,
  type Verdict,
} from "@/lib/sources/mix";
import type { PhaseOutTarget } from "@/lib/sources/schema";

export type SourceMetrics = {
  asOf: string;
  month: string;
  sources: number;
  volume: number;
  byParty: PartyMix[];
  firstPartyShare: number | null;
  thirdPartyShare: number | null;
  cookieBasedShare: number | null;
  series: SeriesPoint[];
  phaseOut: {
    target: PhaseOutTarget | null;
    path: PathPoint[];
    verdict: Verdict;
    expectedThirdPartyShare: number | null;
  };
};

export async function getSourceMetrics(db: Db, today: string, months = 24): Promise<SourceMetrics> {
  const [sources, target] = await Promise.all([listSources(db), getPhaseOutTarget(db)]);
  const month = today.slice(0, 7);
  const now = mixOn(sources, today);
  const series = monthlySeries(sources, month, months, today);
  // The start kept with the target (fixed when it was set); the series' own for one kept
  // without it (until the upgrade fixes it).
  const start = target?.baseline ?? pathStart(series);
  const path =
    target && start
      ? phaseOutPath(
          target,
          start.month,
          start.thirdPartyShare,
          series.map((p) => p.month),
        )
      : [];
  const { verdict, expectedShare } = phaseOutVerdict(
    target,
    start?.month ?? month,
    start?.thirdPartyShare ?? null,
    month,
    now.thirdPartyShare,
  );
  return {
    asOf: today,
    month,
    sources: now.sources,
    volume: now.volume,
    byParty: now.byParty,
    firstPartyShare: now.firstPartyShare,
    thirdPartyShare: now.thirdPartyShare,
    cookieBasedShare: now.cookieBasedShare,
    series,
    phaseOut: { target: target ?? null, path, verdict, expectedThirdPartyShare: expectedShare },
  };
}
