import "server-only";
/**
 * The reads behind the consent figures, from the rollups only. A figure as of a day D is the
 * all-time totals minus the daily rows after D, so only rows from the range's first day on are
 * read: the cost follows the width of the range, not the length of the history.
 */
import { and, eq, gt, gte, inArray, lte, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/connect";
import { unionAll, type AnyPgColumn } from "drizzle-orm/pg-core";
import { consentDaily, consentRollups, consentTotals, profileSummary, purposes } from "@/db/schema";
import type { ConsentFilter } from "@/lib/filters/consent";

const num = (column: AnyPgColumn) => sql<number>`coalesce(sum(${column}), 0)::float8`;

export type Counts<K extends string = string> = { key: K; decided: number; granted: number };

/** The purposes the filter names (by key or functional area), in the dashboard's order. */
export function readPurposes(db: Db, filter: ConsentFilter) {
  const where: SQL[] = [];
  if (filter.purpose) where.push(eq(purposes.key, filter.purpose));
  if (filter.functionalArea) where.push(eq(purposes.functionalArea, filter.functionalArea));
  return db
    .select({
      id: purposes.id,
      key: purposes.key,
      name: purposes.name,
      functionalArea: purposes.functionalArea,
      legalBasis: purposes.legalBasis,
      status: purposes.status,
    })
    .from(purposes)
    .where(and(...where))
    .orderBy(purposes.functionalArea, purposes.name);
}

/**
 * The rows of some purposes that the filter's region and channel keep. Without either, the
 * per-purpose daily table answers the daily reads (regions × channels times fewer rows).
 */
export function consentScope(ids: string[], filter: ConsentFilter) {
  const rollups: SQL[] = [inArray(consentRollups.purposeId, ids)];
  const totals: SQL[] = [inArray(consentTotals.purposeId, ids)];
  if (filter.region) {
    rollups.push(eq(consentRollups.region, filter.region));
    totals.push(eq(consentTotals.region, filter.region));
  }
  if (filter.channel) {
    rollups.push(eq(consentRollups.channel, filter.channel));
    totals.push(eq(consentTotals.channel, filter.channel));
  }
  const unfiltered = !filter.region && !filter.channel;
  return {
    totals: and(...totals),
    rollups: and(...rollups),
    daily: unfiltered ? consentDaily : consentRollups,
    dailyWhere: unfiltered ? inArray(consentDaily.purposeId, ids) : and(...rollups),
  };
}
type Scope = ReturnType<typeof consentScope>;

/**
 * Each purpose's all-time totals, and its decided and granted deltas with its grants and
 * refusals from `bounds[0]` on, summed per period: `bounds` are the periods' first days
 * (ascending, each period running to the day before the next bound), and a row's `bucket` is
 * the period's place in them, from 1 (`bounds.length` for the days from the last bound on). The
 * sums are made by the database: a year's range by month is two dozen rows per purpose, not the
 * seven hundred days before and in it, each sent and read.
 * One statement, so both are of one moment: a batch committed between two reads would be
 * counted on one side only, and move every figure before its days.
 */
export async function readTotalsAndDeltas(db: Db, scope: Scope, bounds: string[]) {
  const t = scope.daily;
  // One parameter, so the statement's text is the same for any number of periods (and its
  // prepared statement too). The days are the filter's, checked as dates before they get here.
  const firstDays = sql`${`{${bounds.join(",")}}`}::date[]`;
  const rows = await unionAll(
    db
      .select({
        purposeId: consentTotals.purposeId,
        bucket: sql<number | null>`null::int`,
        decided: num(consentTotals.decided),
        granted: num(consentTotals.granted),
        grants: sql<number>`0::float8`,
        denies: sql<number>`0::float8`,
      })
      .from(consentTotals)
      .where(scope.totals)
      .groupBy(consentTotals.purposeId),
    db
      .select({
        purposeId: t.purposeId,
        // The number of bounds at or before the day (width_bucket's lower bounds).
        bucket: sql<number | null>`width_bucket(${t.day}, ${firstDays})`,
        decided: num(t.decided),
        granted: num(t.granted),
        grants: num(t.grants),
        denies: num(t.denies),
      })
      .from(t)
      .where(and(scope.dailyWhere, gte(t.day, bounds[0]!)))
      // By position: the bucket's expression written again would be other parameters.
      .groupBy(sql`1`, sql`2`),
  );
  const totals = rows.filter((r) => r.bucket === null);
  const periods = rows.flatMap(({ bucket, ...r }) => (bucket === null ? [] : [{ ...r, bucket }]));
  return { totals, periods };
}

/** The grants, denials, withdrawals and GPC signals within the range. */
export async function readEventCounts(db: Db, scope: Scope, from: string, to: string) {
  const t = scope.daily;
  const [counts] = await db
    .select({
      grant: num(t.grants),
      deny: num(t.denies),
      withdraw: num(t.withdrawals),
      gpc: num(t.gpcEvents),
    })
    .from(t)
    .where(and(scope.dailyWhere, gte(t.day, from), lte(t.day, to)));
  return counts ?? { grant: 0, deny: 0, withdraw: 0, gpc: 0 };
}

/** Decided and granted per purpose and region (or channel) as of the end of `to`. */
export async function readCountsBy(
  db: Db,
  scope: Scope,
  by: "region" | "channel",
  to: string,
): Promise<(Counts & { purposeId: string })[]> {
  // One statement, so the totals and the rows after `to` are of one moment (as above).
  const rows = await unionAll(
    db
      .select({
        later: sql<boolean>`false`,
        purposeId: consentTotals.purposeId,
        key: consentTotals[by],
        decided: num(consentTotals.decided),
        granted: num(consentTotals.granted),
      })
      .from(consentTotals)
      .where(scope.totals)
      .groupBy(consentTotals.purposeId, consentTotals[by]),
    db
      .select({
        later: sql<boolean>`true`,
        purposeId: consentRollups.purposeId,
        key: consentRollups[by],
        decided: num(consentRollups.decided),
        granted: num(consentRollups.granted),
      })
      .from(consentRollups)
      .where(and(scope.rollups, gt(consentRollups.day, to)))
      .groupBy(consentRollups.purposeId, consentRollups[by]),
  );
  const totals = rows.filter((r) => !r.later);
  const later = rows.filter((r) => r.later);
  // Every pair of either: a batch whose events for a key made and undid a decision (granted in
  // the store, withdrawn by e-mail later) adds nothing to that key's all-time totals, so it may
  // have no totals row while its daily rows still say what stood on a day in between.
  const id = (r: { purposeId: string; key: string }) => `${r.purposeId}\u0000${r.key}`;
  const laterBy = new Map(later.map((r) => [id(r), r]));
  const pairs = new Map([...later, ...totals].map((r) => [id(r), r]));
  const totalsBy = new Map(totals.map((r) => [id(r), r]));
  return [...pairs.entries()].map(([k, { purposeId, key }]) => {
    const t = totalsBy.get(k);
    const l = laterBy.get(k);
    return {
      purposeId,
      key,
      decided: (t?.decided ?? 0) - (l?.decided ?? 0),
      granted: (t?.granted ?? 0) - (l?.granted ?? 0),
    };
  });
}

/** Grants and refusals per region (or channel) within the range. */
export function readEventsBy(
  db: Db,
  scope: Scope,
  by: "region" | "channel",
  from: string,
  to: string,
): Promise<{ key: string; grants: number; denies: number }[]> {
  return db
    .select({
      key: consentRollups[by],
      grants: num(consentRollups.grants),
      denies: num(consentRollups.denies),
    })
    .from(consentRollups)
    .where(and(scope.rollups, gte(consentRollups.day, from), lte(consentRollups.day, to)))
    .groupBy(consentRollups[by]);
}

/** Profiles per region (every profile, whatever it holds): the opt-in rate's denominator. */
export function readProfilesByRegion(db: Db): Promise<{ region: string; profiles: number }[]> {
  return db
    .select({ region: profileSummary.region, profiles: num(profileSummary.profiles) })
    .from(profileSummary)
    .where(eq(profileSummary.view, "all"))
    .groupBy(profileSummary.region);
}
