/**
 * Figures of the /consent dashboard and GET /api/v1/metrics/consent, read from the rollups only
 * (their size grows with purposes × days × regions × channels, not with events): the rate per
 * purpose over time and at the end of the range, event counts, the GPC share, and the rate by
 * region and by channel. Rates follow DESIGN.md: granted ÷ decided as of the end of a day.
 */
import { and, eq, gt, gte, inArray, lte, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/connect";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { consentDaily, consentRollups, consentTotals, purposes } from "@/db/schema";
import { cumulativeAt, periodEnds, rate, type RatePoint } from "@/lib/consent/rates";
import { RuleError } from "@/lib/errors";
import { consentFilter, resolveRange, type ConsentFilter } from "@/lib/filters/consent";

export type ConsentMetrics = {
  from: string;
  to: string;
  interval: "day" | "week" | "month";
  purposes: {
    key: string;
    name: string;
    functionalArea: string;
    rate: number | null;
    granted: number;
    decided: number;
    series: RatePoint[];
  }[];
  overall: { rate: number | null; granted: number; decided: number };
  events: { grant: number; deny: number; withdraw: number };
  gpcShare: number | null;
  gpcEvents: number;
  byRegion: { region: string; rate: number | null; granted: number; decided: number }[];
  byChannel: { channel: string; rate: number | null; granted: number; decided: number }[];
};

function addDays(iso: string, n: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

const num = (column: AnyPgColumn) => sql<number>`coalesce(sum(${column}), 0)::float8`;

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

  const purposeWhere: SQL[] = [];
  if (filter.purpose) purposeWhere.push(eq(purposes.key, filter.purpose));
  if (filter.functionalArea) purposeWhere.push(eq(purposes.functionalArea, filter.functionalArea));
  const catalog = await db
    .select({
      id: purposes.id,
      key: purposes.key,
      name: purposes.name,
      functionalArea: purposes.functionalArea,
    })
    .from(purposes)
    .where(and(...purposeWhere))
    .orderBy(purposes.functionalArea, purposes.name);
  const empty = {
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
  if (catalog.length === 0) return empty;

  // As of a day D: all-time totals minus the daily rows after D. Only rows from `from` on are
  // read, so the cost follows the width of the range, not the length of the history.
  const ids = catalog.map((p) => p.id);
  const rollupWhere: SQL[] = [inArray(consentRollups.purposeId, ids)];
  const totalsWhere: SQL[] = [inArray(consentTotals.purposeId, ids)];
  if (filter.region) {
    rollupWhere.push(eq(consentRollups.region, filter.region));
    totalsWhere.push(eq(consentTotals.region, filter.region));
  }
  if (filter.channel) {
    rollupWhere.push(eq(consentRollups.channel, filter.channel));
    totalsWhere.push(eq(consentTotals.channel, filter.channel));
  }
  const unfiltered = !filter.region && !filter.channel;
  const recent = and(...rollupWhere, gte(consentRollups.day, from));
  const later = and(...rollupWhere, gt(consentRollups.day, to));
  const sumDecided = num(consentTotals.decided);
  const sumGranted = num(consentTotals.granted);

  const [
    recentDaily,
    totalsByPurpose,
    events,
    totalsByRegion,
    laterByRegion,
    totalsByChannel,
    laterByChannel,
  ] = await Promise.all([
    // Without a region or channel filter the per-purpose daily table answers (regions ×
    // channels times fewer rows).
    unfiltered
      ? db
          .select({
            purposeId: consentDaily.purposeId,
            day: consentDaily.day,
            decided: num(consentDaily.decided),
            granted: num(consentDaily.granted),
          })
          .from(consentDaily)
          .where(and(inArray(consentDaily.purposeId, ids), gte(consentDaily.day, from)))
          .groupBy(consentDaily.purposeId, consentDaily.day)
      : db
          .select({
            purposeId: consentRollups.purposeId,
            day: consentRollups.day,
            decided: num(consentRollups.decided),
            granted: num(consentRollups.granted),
          })
          .from(consentRollups)
          .where(recent)
          .groupBy(consentRollups.purposeId, consentRollups.day),
    db
      .select({ purposeId: consentTotals.purposeId, decided: sumDecided, granted: sumGranted })
      .from(consentTotals)
      .where(and(...totalsWhere))
      .groupBy(consentTotals.purposeId),
    unfiltered
      ? db
          .select({
            grant: num(consentDaily.grants),
            deny: num(consentDaily.denies),
            withdraw: num(consentDaily.withdrawals),
            gpc: num(consentDaily.gpcEvents),
          })
          .from(consentDaily)
          .where(
            and(
              inArray(consentDaily.purposeId, ids),
              gte(consentDaily.day, from),
              lte(consentDaily.day, to),
            ),
          )
      : db
          .select({
            grant: num(consentRollups.grants),
            deny: num(consentRollups.denies),
            withdraw: num(consentRollups.withdrawals),
            gpc: num(consentRollups.gpcEvents),
          })
          .from(consentRollups)
          .where(and(recent, lte(consentRollups.day, to))),
    db
      .select({ key: consentTotals.region, decided: sumDecided, granted: sumGranted })
      .from(consentTotals)
      .where(and(...totalsWhere))
      .groupBy(consentTotals.region),
    db
      .select({
        key: consentRollups.region,
        decided: num(consentRollups.decided),
        granted: num(consentRollups.granted),
      })
      .from(consentRollups)
      .where(later)
      .groupBy(consentRollups.region),
    db
      .select({ key: consentTotals.channel, decided: sumDecided, granted: sumGranted })
      .from(consentTotals)
      .where(and(...totalsWhere))
      .groupBy(consentTotals.channel),
    db
      .select({
        key: consentRollups.channel,
        decided: num(consentRollups.decided),
        granted: num(consentRollups.granted),
      })
      .from(consentRollups)
      .where(later)
      .groupBy(consentRollups.channel),
  ]);

  // Per purpose: the state just before `from` (totals minus every row from `from` on) as one
  // delta on the day before, followed by the daily deltas within the range.
  const daily: { purposeId: string; day: string; decided: number; granted: number }[] = [];
  const dayBefore = addDays(from, -1);
  for (const p of catalog) {
    const total = totalsByPurpose.find((t) => t.purposeId === p.id) ?? { decided: 0, granted: 0 };
    const rows = recentDaily.filter((d) => d.purposeId === p.id);
    const decidedAfter = rows.reduce((sum, r) => sum + r.decided, 0);
    const grantedAfter = rows.reduce((sum, r) => sum + r.granted, 0);
    daily.push({
      purposeId: p.id,
      day: dayBefore,
      decided: total.decided - decidedAfter,
      granted: total.granted - grantedAfter,
    });
    daily.push(...rows.filter((r) => r.day <= to));
  }
  const minus = <K extends string>(
    totals: { key: K; decided: number; granted: number }[],
    laterRows: { key: K; decided: number; granted: number }[],
  ) =>
    totals.map((t) => {
      const l = laterRows.find((r) => r.key === t.key);
      return {
        key: t.key,
        decided: t.decided - (l?.decided ?? 0),
        granted: t.granted - (l?.granted ?? 0),
      };
    });
  const byRegion = minus(totalsByRegion, laterByRegion);
  const byChannel = minus(totalsByChannel, laterByChannel);

  const purposesOut = catalog.map((p) => {
    const series = cumulativeAt(
      daily.filter((d) => d.purposeId === p.id),
      ends,
    );
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
  const e = events[0] ?? { grant: 0, deny: 0, withdraw: 0, gpc: 0 };
  const total = e.grant + e.deny + e.withdraw;
  const breakdown = <K extends string>(
    rows: { key: K; decided: number; granted: number }[],
    name: K extends string ? string : never,
  ) =>
    rows
      .filter((r) => r.decided > 0)
      .map((r) => ({
        [name]: r.key,
        rate: rate(r.granted, r.decided),
        granted: r.granted,
        decided: r.decided,
      }))
      .sort((a, b) => b.decided - a.decided);
  return {
    from,
    to,
    interval,
    purposes: purposesOut,
    overall: { rate: rate(granted, decided), granted, decided },
    events: { grant: e.grant, deny: e.deny, withdraw: e.withdraw },
    gpcShare: total > 0 ? e.gpc / total : null,
    gpcEvents: e.gpc,
    byRegion: breakdown(byRegion, "region") as ConsentMetrics["byRegion"],
    byChannel: breakdown(byChannel, "channel") as ConsentMetrics["byChannel"],
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
