/**
 * The source mix: which parties the company's data comes from, by number of sources and by
 * monthly record volume, now and month by month. Now is the sources active today, as the
 * inventory's status says; in an earlier month, a source counts from the month of activeFrom
 * and stops counting from the month it is retired. Volumes are each source's monthly record
 * volume as kept in the inventory, so the trend shows the effect of sources starting and
 * retiring. Pure functions over the (small) inventory; months are "YYYY-MM" in UTC.
 */
import type { Party, PhaseOutBaseline, PhaseOutTarget } from "./schema";

export const partyOrder: readonly Party[] = ["zero", "first", "second", "third"];

export type MixSource = {
  party: Party;
  monthlyVolume: number;
  cookieBased: boolean;
  activeFrom: string;
  retiredAt: string | null;
};

export type PartyMix = { party: Party; sources: number; volume: number; share: number | null };
export type SeriesPoint = { month: string } & Record<Party, number | null>;
export type PathPoint = { month: string; targetThirdPartyShare: number };

export const monthOf = (isoDay: string) => isoDay.slice(0, 7);

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const index = y * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

export function monthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split("-").map(Number) as [number, number];
  const [ty, tm] = to.split("-").map(Number) as [number, number];
  return ty * 12 + tm - (fy * 12 + fm);
}

export function isActiveIn(
  source: Pick<MixSource, "activeFrom" | "retiredAt">,
  month: string,
): boolean {
  return (
    monthOf(source.activeFrom) <= month &&
    (source.retiredAt === null || month < monthOf(source.retiredAt))
  );
}

/**
 * A source's status on `today` (YYYY-MM-DD): planned, active or retired. One retired on or
 * before the day it was to start never counts in any month: retired, at once.
 */
export function sourceStatus(s: Pick<MixSource, "activeFrom" | "retiredAt">, today: string) {
  if (s.retiredAt && (s.retiredAt <= today || s.retiredAt <= s.activeFrom))
    return "retired" as const;
  if (s.activeFrom > today) return "planned" as const;
  return "active" as const;
}

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);

/** The mix of a month: the sources that count in it by the monthly rule. */
export function mixIn(sources: MixSource[], month: string) {
  return mixOf(
    sources.filter((s) => isActiveIn(s, month)),
    month,
  );
}

/**
 * This month's mix as of `today`: the sources active today, as the inventory lists them, so the
 * dashboard's cards, its verdict and the inventory's status agree (a source retiring at the end
 * of the month still feeds data until then; one starting later in it does not yet).
 */
export function mixOn(sources: MixSource[], today: string) {
  return mixOf(
    sources.filter((s) => sourceStatus(s, today) === "active"),
    monthOf(today),
  );
}

function mixOf(active: MixSource[], month: string) {
  const total = active.reduce((sum, s) => sum + s.monthlyVolume, 0);
  const byParty: PartyMix[] = partyOrder.map((party) => {
    const of = active.filter((s) => s.party === party);
    const volume = of.reduce((sum, s) => sum + s.monthlyVolume, 0);
    return { party, sources: of.length, volume, share: ratio(volume, total) };
  });
  const volumeOf = (parties: Party[]) =>
    byParty.filter((p) => parties.includes(p.party)).reduce((s, p) => s + p.volume, 0);
  return {
    month,
    sources: active.length,
    volume: total,
    byParty,
    firstPartyShare: ratio(volumeOf(["zero", "first"]), total),
    thirdPartyShare: ratio(volumeOf(["third"]), total),
    cookieBasedShare: ratio(
      active.filter((s) => s.cookieBased).reduce((sum, s) => sum + s.monthlyVolume, 0),
      total,
    ),
  };
}

/**
 * Each party's share of volume for the `months` months ending with `endMonth`; with `today`, the
 * month that holds it is this month's mix as of today (mixOn).
 */
export function monthlySeries(
  sources: MixSource[],
  endMonth: string,
  months = 24,
  today?: string,
): SeriesPoint[] {
  return Array.from({ length: months }, (_, i) => {
    const month = addMonths(endMonth, i - (months - 1));
    const mix =
      today !== undefined && monthOf(today) === month
        ? mixOn(sources, today)
        : mixIn(sources, month);
    return {
      month,
      ...Object.fromEntries(mix.byParty.map((p) => [p.party, p.share])),
    } as SeriesPoint;
  });
}

/**
 * Where a path drawn over `series` starts: its first month with any volume, at that month's
 * third-party share (none without volume).
 */
export function pathStart(series: SeriesPoint[]): PhaseOutBaseline | undefined {
  const start = series.find((p) => p.third !== null);
  return start ? { month: start.month, thirdPartyShare: start.third ?? 0 } : undefined;
}

/**
 * The glide path from the third-party share at `startMonth` down to the target share at the
 * target date, straight in between and flat after it; the target share throughout when the
 * target's month is the start month or before it, or when the start share is at or under the
 * target already (the path never asks for more third-party data).
 */
export function phaseOutPath(
  target: PhaseOutTarget,
  startMonth: string,
  startShare: number,
  months: string[],
): PathPoint[] {
  const targetMonth = monthOf(target.targetDate);
  const span = monthsBetween(startMonth, targetMonth);
  return months
    .filter((m) => m >= startMonth)
    .map((month) => {
      // A target in the start month or before it: the target share itself, from the start.
      const done =
        span <= 0 || startShare <= target.targetThirdPartyShare
          ? 1
          : Math.min(1, Math.max(0, monthsBetween(startMonth, month) / span));
      return {
        month,
        targetThirdPartyShare:
          done === 1
            ? target.targetThirdPartyShare
            : startShare + (target.targetThirdPartyShare - startShare) * done,
      };
    });
}

export type Verdict = "on_track" | "off_track" | "no_target" | "no_data";

/**
 * On track when this month's third-party share is at or under the path for this month; with a
 * target but no records to take a share of (the path's start or this month), no data.
 */
export function phaseOutVerdict(
  target: PhaseOutTarget | undefined,
  startMonth: string,
  startShare: number | null,
  month: string,
  currentShare: number | null,
): { verdict: Verdict; expectedShare: number | null } {
  if (!target) return { verdict: "no_target", expectedShare: null };
  if (startShare === null || currentShare === null)
    return { verdict: "no_data", expectedShare: null };
  const [point] = phaseOutPath(target, startMonth, startShare, [month]);
  const expected = point?.targetThirdPartyShare ?? target.targetThirdPartyShare;
  return {
    verdict: currentShare <= expected + 1e-9 ? "on_track" : "off_track",
    expectedShare: expected,
  };
}
