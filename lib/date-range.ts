/**
 * The one definition of the date ranges a filter may ask for (GET /api/v1/metrics/consent, the
 * /consent dashboard, the audit log and its export): days from 2000-01-01 to a year after today,
 * `from` on or before `to`, and a series of at most MAX_POINTS points per interval. Every check is
 * arithmetic on the two dates, so a hostile range is refused before anything is listed or read.
 * Issues are catalog keys with their values (`filterMessages`), said in English by the API.
 */
import { filterSaid, type FilterSaid } from "@/lib/filters/said";

export const EARLIEST_DAY = "2000-01-01";

export const intervals = ["day", "week", "month"] as const;
export type Interval = (typeof intervals)[number];

/**
 * Points of one series at most: about three years by day, ten years by week, thirty years by
 * month (more than the bounds allow, so by month only the bounds apply). A point costs one row
 * per purpose in the answer and one chart tick; 1,100 keeps the answer under a few hundred KB.
 */
export const MAX_POINTS: Readonly<Record<Interval, number>> = { day: 1_100, week: 530, month: 360 };

/** What is wrong with a range, as a `filterMessages` catalog key with its values. */
export type RangeIssue = { path: "from" | "to" | "interval"; said: FilterSaid };

const DAY_MS = 86_400_000;
const dayNumber = (iso: string) => Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);

/** The first day of a default range of `days` days ending on `to`, never before EARLIEST_DAY. */
export function defaultFrom(to: string, days: number): string {
  const from = addDays(to, 1 - days);
  return from < EARLIEST_DAY ? EARLIEST_DAY : from;
}

/** The calendar day `n` days after `iso` (before, for a negative `n`), in UTC. */
export function addDays(iso: string, n: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The last day a filter may name: one year after `today` (29 February → 28 February). */
export function latestDay(today: string): string {
  const [y, m, d] = today.split("-").map(Number) as [number, number, number];
  const next = new Date(Date.UTC(y + 1, m - 1, 1));
  const lastOfMonth = new Date(Date.UTC(y + 1, m, 0)).getUTCDate();
  next.setUTCDate(Math.min(d, lastOfMonth));
  return next.toISOString().slice(0, 10);
}

/**
 * How many points a series from..to by `interval` has (what lib/consent/rates periodEnds would
 * list: weeks end on Sunday, months on their last day, the last period clipped to `to`).
 */
export function pointCount(from: string, to: string, interval: Interval): number {
  if (from > to) return 0;
  if (interval === "day") return dayNumber(to) - dayNumber(from) + 1;
  if (interval === "week") {
    // Weeks run Monday to Sunday; day 0 (1970-01-01) was a Thursday, 3 days into its week.
    const week = (iso: string) => Math.floor((dayNumber(iso) + 3) / 7);
    return week(to) - week(from) + 1;
  }
  const month = (iso: string) => Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7));
  return month(to) - month(from) + 1;
}

/**
 * What is wrong with a range (well-formed YYYY-MM-DD days, either end optional), relative to
 * `today`: each end outside the bounds, else from after to, else too many points for `interval`.
 */
export function dateRangeIssues(
  range: { from?: string; to?: string; interval?: Interval },
  today: string,
): RangeIssue[] {
  const latest = latestDay(today);
  const issues: RangeIssue[] = [];
  for (const path of ["from", "to"] as const) {
    const value = range[path];
    if (value === undefined) continue;
    if (value < EARLIEST_DAY)
      issues.push({
        path,
        said: filterSaid("rangeBeforeEarliest", { path, earliest: EARLIEST_DAY }),
      });
    else if (value > latest)
      issues.push({
        path,
        said: filterSaid("rangeAfterLatest", { path, latest }),
      });
  }
  if (issues.length > 0 || range.from === undefined || range.to === undefined) return issues;
  const { from, to, interval } = range;
  if (from > to) {
    return [
      {
        path: "from",
        said: filterSaid("rangeFromAfterTo", { from, to }),
      },
    ];
  }
  if (interval !== undefined) {
    const points = pointCount(from, to, interval);
    const max = MAX_POINTS[interval];
    if (points > max) {
      issues.push({
        path: "interval",
        said: filterSaid("rangeTooManyPoints", { interval, max, from, to, points }),
      });
    }
  }
  return issues;
}
