/**
 * Consent-rate arithmetic on rollup deltas: running sums of per-day changes give, for any day,
 * how many subjects have decided and how many of those currently grant. Pure and exact.
 */
export type DayDelta = { day: string; decided: number; granted: number };
export type RatePoint = { date: string; rate: number | null; granted: number; decided: number };

/** granted ÷ decided, 0..1, or null when nobody has decided. */
export function rate(granted: number, decided: number): number | null {
  return decided > 0 ? granted / decided : null;
}

/** Ends of the periods of `interval` between from and to (inclusive), each clipped to `to`. */
export function periodEnds(from: string, to: string, interval: "day" | "week" | "month"): string[] {
  const ends: string[] = [];
  const day = new Date(`${from}T00:00:00Z`);
  const last = new Date(`${to}T00:00:00Z`);
  while (day <= last) {
    const end = new Date(day);
    if (interval === "week") end.setUTCDate(end.getUTCDate() + ((7 - end.getUTCDay()) % 7)); // to Sunday
    if (interval === "month") end.setUTCMonth(end.getUTCMonth() + 1, 0); // to the month's last day
    const clipped = end > last ? last : end;
    ends.push(clipped.toISOString().slice(0, 10));
    day.setTime(clipped.getTime());
    day.setUTCDate(day.getUTCDate() + 1);
  }
  return ends;
}

/** Running totals of day deltas (sorted or not) sampled at each of `ends` (ascending). */
export function cumulativeAt(deltas: DayDelta[], ends: string[]): RatePoint[] {
  const sorted = [...deltas].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  const points: RatePoint[] = [];
  let i = 0;
  let decided = 0;
  let granted = 0;
  for (const end of ends) {
    while (i < sorted.length && sorted[i]!.day <= end) {
      decided += sorted[i]!.decided;
      granted += sorted[i]!.granted;
      i++;
    }
    points.push({ date: end, rate: rate(granted, decided), granted, decided });
  }
  return points;
}
