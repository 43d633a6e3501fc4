/**
 * The preference-center funnel's filter (the consent dashboard's section and
 * GET /api/v1/metrics/preference-center): a range of days, the last 30 up to today by default.
 */
import { addDays, dateRangeIssues } from "@/lib/date-range";
import type { FilterDefinition, FilterValues } from "./core";
import { parseAsDay, rangeMessages } from "./parsers";

const parsers = { from: parseAsDay, to: parseAsDay };

export const preferenceCenterFilter: FilterDefinition<typeof parsers> = {
  parsers,
  messages: rangeMessages({ from: "thirtyDaysBeforeTo", to: "today" }),
  refine: (values, today) => dateRangeIssues({ from: values.from, to: values.to }, today),
};

export type PreferenceCenterFilter = FilterValues<typeof parsers>;

/** The range the defaults resolve to: 30 days up to `to` (today). */
export function resolveFunnelRange(filter: PreferenceCenterFilter, today: string) {
  const to = filter.to ?? today;
  return { from: filter.from ?? addDays(to, -29), to };
}
