/**
 * The preference-center funnel's filter (the consent dashboard's section and
 * GET /api/v1/metrics/preference-center): a range of days, the last 30 up to today by default.
 */
import { dateRangeIssues, defaultFrom } from "@/lib/date-range";
import type { FilterDefinition, FilterValues } from "./core";
import { parseAsDay, rangeMessages } from "./parsers";

const parsers = { from: parseAsDay, to: parseAsDay };

export const preferenceCenterFilter: FilterDefinition<typeof parsers> = {
  parsers,
  messages: rangeMessages({ from: "thirtyDaysBeforeTo", to: "today" }),
  // The days given, then the range the defaults make of them (a from after today, to's default).
  refine: (values, today) => {
    const given = dateRangeIssues({ from: values.from, to: values.to }, today);
    return given.length > 0 ? given : dateRangeIssues(resolveFunnelRange(values, today), today);
  },
};

export type PreferenceCenterFilter = FilterValues<typeof parsers>;

/** The range the defaults resolve to: 30 days up to `to` (today), never before EARLIEST_DAY. */
export function resolveFunnelRange(filter: PreferenceCenterFilter, today: string) {
  const to = filter.to ?? today;
  return { from: filter.from ?? defaultFrom(to, 30), to };
}
