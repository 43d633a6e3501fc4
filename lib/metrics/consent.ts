import "server-only";
/**
 * Figures of the /consent dashboard and GET /api/v1/metrics/consent, read from the rollups only
 * (their size grows with purposes × days × regions × channels, not with events): the rate per
 * purpose over time and at the end of the range, event counts, the GPC share, and the rate by
 * region and by channel. Rates: granted ÷ decided as of the end of a day. The reads are in
 * consent-reads.ts; this file turns them into the figures.
 */
import type { Db } from "@/db/connect";
import { consentRollups } from "@/db/schema";
import { cumulativeAt, periodEnds, rate } from "@/lib/consent/rates";
import { addDays } from "@/lib/date-range";
import { RuleError } from "@/lib/errors";
import { consentFilter, resolveRange, type ConsentFilter } from "@/lib/filters/consent";
import {
  consentScope,
  readCountsBy,
  readDailyDeltas,
  readEventCounts,
  readPurposes,
  readPurposeTotals,
  type Counts,
} from "./consent-reads";
import type { z } from "zod";
import type { consentMetricsResponse } from "@/lib/openapi/responses";

/** The figures as GET /api/v1/metrics/consent answers them (the documented response). */
export type ConsentMetrics = z.output<typeof consentMetricsResponse>;

type DailyDelta = { purposeId: string; day: string; decided: number; granted: number };

/**
 * A purpose's deltas for the series: the state just before `from` (its totals minus every row
 * from `from` on) as one delta on the day before, then the daily deltas up to `to`.
 */
function deltasFromStart(
  total: { decided: number; granted: number },
  rows: DailyDelta[],
  purposeId: string,
  range: { from: string; to: string },
): DailyDelta[] {
  const decidedAfter = rows.reduce((sum, r) => sum + r.decided, 0);
  const grantedAfter = rows.reduce((sum, r) => sum + r.granted, 0);
  const before = {
    purposeId,
    day: addDays(range.from, -1),
    decided: total.decided - decidedAfter,
    granted: total.granted - grantedAfter,
  };
  return [before, ...rows.filter((r) => r.day <= range.to)];
}

/** The rate per region or channel, the busiest first; places without a decision are left out. */
function breakdown<N extends "region" | "channel">(rows: Counts[], name: N) {
  return rows
    .filter((r) => r.decided > 0)
    .map((r) => ({
      [name]: r.key,
      rate: rate(r.granted, r.decided),
      granted: r.granted,
      decided: r.decided,
    }))
    .sort((a, b) => b.decided - a.decided) as unknown as ConsentMetrics[N extends "region"
    ? "byRegion"
    : "byChannel"];
}

export async function getConsentMetrics(
  db: Db,
  filter: ConsentFilter,
  today: string,
): Promise<ConsentMetrics> {
  // Checked again here, before anything is listed or read, for callers that did not parse.
  const rangeIssues = consentFilter.refine?.(filter, today) ?? [];
  if (rangeIssues.length > 0) throw new RuleError("The date range is invalid", rangeIssues);
  const { from, to, interval } = resolveRange(filter, today);
  const ends = periodEnds(from, to, interval);

  const catalog = await readPurposes(db, filter);
  if (catalog.length === 0) {
    return {
      from,
      to,
      interval,
      purposes: [],
      overall: { rate: null, granted: 0, decided: 0 },
      events: { grant: 0, deny: 0, withdraw: 0 },
      gpcShare: null,
      gpcEvents: 0,
      byRegion: [],
      byChannel: [],
    };
  }

  const scope = consentScope(
    catalog.map((p) => p.id),
    filter,
  );
  const [recentDaily, totalsByPurpose, e, byRegion, byChannel] = await Promise.all([
    readDailyDeltas(db, scope, from),
    readPurposeTotals(db, scope),
    readEventCounts(db, scope, from, to),
    readCountsBy(db, scope, "region", to),
    readCountsBy(db, scope, "channel", to),
  ]);

  const purposesOut = catalog.map((p) => {
    const total = totalsByPurpose.find((t) => t.purposeId === p.id) ?? { decided: 0, granted: 0 };
    const rows = recentDaily.filter((d) => d.purposeId === p.id);
    const series = cumulativeAt(deltasFromStart(total, rows, p.id, { from, to }), ends);
    const last = series.at(-1) ?? { granted: 0, decided: 0, rate: null };
    return {
      key: p.key,
      name: p.name,
      functionalArea: p.functionalArea,
      rate: last.rate,
      granted: last.granted,
      decided: last.decided,
      series,
    };
  });
  const granted = purposesOut.reduce((s, p) => s + p.granted, 0);
  const decided = purposesOut.reduce((s, p) => s + p.decided, 0);
  const total = e.grant + e.deny + e.withdraw;
  return {
    from,
    to,
    interval,
    purposes: purposesOut,
    overall: { rate: rate(granted, decided), granted, decided },
    events: { grant: e.grant, deny: e.deny, withdraw: e.withdraw },
    gpcShare: total > 0 ? e.gpc / total : null,
    gpcEvents: e.gpc,
    byRegion: breakdown(byRegion, "region"),
    byChannel: breakdown(byChannel, "channel"),
  };
}

/** Regions that have any consent decision, for the region filter. */
export async function listConsentRegions(db: Db): Promise<string[]> {
  const rows = await db
    .selectDistinct({ region: consentRollups.region })
    .from(consentRollups)
    .orderBy(consentRollups.region);
  return rows.map((r) => r.region);
}
