import "server-only";
/**
 * Trends of the overview's figures: each one today against 30 days before (the source mix, kept
 * by month: against the month before), and its value at the end of each of the last 12 months (the current month ends today). Consent and the source mix
 * are computed as of any day from what they keep; the profile figures from profile_daily, whose
 * history starts when it was created (a point before that is null, never guessed).
 */
import { asc } from "drizzle-orm";
import type { Db } from "@/db/connect";
import { profileDaily } from "@/db/schema";
import { periodEnds } from "@/lib/consent/rates";
import { addDays } from "@/lib/date-range";
import { getConsentMetrics } from "./consent";
import { getSourceMetrics } from "./sources";
import { addMonths, monthOf } from "@/lib/sources/mix";

export type Trend = {
  /** Today's value minus the value at `since`; null when either is unknown. */
  change: number | null;
  /**
   * What the change is against: the day 30 days before (YYYY-MM-DD), or for a figure kept by
   * month (the source mix), the month before (YYYY-MM).
   */
  since: string;
  /** The value at the end of each of the last 12 months, the last one today. */
  months: { month: string; value: number | null }[];
};

/** The ends of the last 12 months, the current one ending today. */
export function monthEnds(today: string): string[] {
  const first = `${addMonths(today.slice(0, 7), -11)}-01`;
  return periodEnds(first, today, "month");
}

const change = (now: number | null, then: number | null) =>
  now === null || then === null ? null : now - then;

type DailyRow = typeof profileDaily.$inferSelect;
type ProfileFigures = {
  avgCompleteness: number | null;
  share360: number | null;
  identityCoverage: number | null;
};

const nothing: ProfileFigures = { avgCompleteness: null, share360: null, identityCoverage: null };

/** The profile figures as of the end of `day`, or null before the history starts. */
export function profileFiguresAsOf(rows: DailyRow[], day: string): ProfileFigures | null {
  if (rows.length === 0 || rows[0]!.day > day) return null;
  let profiles = 0;
  let micros = 0;
  let p360 = 0;
  let resolved = 0;
  for (const r of rows) {
    if (r.day > day) break;
    profiles += r.profiles;
    micros += r.completenessMicros;
    p360 += r.profiles360;
    resolved += r.resolved;
  }
  return profiles === 0
    ? nothing
    : {
        avgCompleteness: micros / 1e6 / profiles,
        share360: p360 / profiles,
        identityCoverage: resolved / profiles,
      };
}

/**
 * `sources`: the source figures of `today`, when the caller reads them too (the overview shows
 * them beside the trends: one read for both, of one moment).
 */
export async function getTrends(
  db: Db,
  today: string,
  sources: ReturnType<typeof getSourceMetrics> = getSourceMetrics(db, today),
) {
  const ends = monthEnds(today);
  const monthAgo = addDays(today, -30);
  const [consentYear, consentMonth, sourcesNow, daily] = await Promise.all([
    getConsentMetrics(
      db,
      { from: `${ends[0]!.slice(0, 7)}-01`, to: today, interval: "month" },
      today,
    ),
    // Its previous range ends 30 days ago: the rate then.
    getConsentMetrics(db, { from: addDays(today, -29), to: today, interval: "month" }, today),
    sources,
    db.select().from(profileDaily).orderBy(asc(profileDaily.day)),
  ]);

  // As the overall figure: a retired purpose's frozen decisions are left out.
  const inUse = consentYear.purposes.filter((p) => p.inOverall);
  const consentAt = (i: number) => {
    const granted = inUse.reduce((s, p) => s + (p.series[i]?.granted ?? 0), 0);
    const decided = inUse.reduce((s, p) => s + (p.series[i]?.decided ?? 0), 0);
    return decided > 0 ? granted / decided : null;
  };
  const firstPartyIn = (month: string) => {
    const p = sourcesNow.series.find((s) => s.month === month);
    return p && p.zero !== null && p.first !== null ? p.zero + p.first : null;
  };
  const lastMonth = addMonths(monthOf(today), -1);
  const profilesAt = (day: string) => profileFiguresAsOf(daily, day);
  const profileTrend = (pick: (f: ProfileFigures) => number | null): Trend => ({
    since: monthAgo,
    change: change(pick(profilesAt(today) ?? nothing), pick(profilesAt(monthAgo) ?? nothing)),
    months: ends.map((end) => ({
      month: end.slice(0, 7),
      value: pick(profilesAt(end) ?? nothing),
    })),
  });

  const trends = {
    consentRate: {
      since: monthAgo,
      change: change(consentMonth.overall.rate, consentMonth.previous.overall.rate),
      months: ends.map((end, i) => ({ month: end.slice(0, 7), value: consentAt(i) })),
    },
    // The source mix is kept by month: this month against the one before.
    firstPartyShare: {
      since: lastMonth,
      change: change(sourcesNow.firstPartyShare, firstPartyIn(lastMonth)),
      months: ends.map((end) => ({ month: monthOf(end), value: firstPartyIn(monthOf(end)) })),
    },
    completeness: profileTrend((f) => f.avgCompleteness),
    share360: profileTrend((f) => f.share360),
  } satisfies Record<string, Trend>;
  // The consent figures as of today come with the month's read; the overview shows them.
  return { trends, consent: consentMonth.overall };
}

/**
 * The profile figures (every region, all attributes) today and 30 days before, for /profiles:
 * `before` is null when the history does not reach back that far.
 */
export async function getProfileChange(db: Db, today: string) {
  const rows = await db.select().from(profileDaily).orderBy(asc(profileDaily.day));
  return {
    since: addDays(today, -30),
    now: profileFiguresAsOf(rows, today) ?? nothing,
    before: profileFiguresAsOf(rows, addDays(today, -30)),
  };
}
