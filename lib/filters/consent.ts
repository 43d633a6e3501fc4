/**
 * The /consent dashboard's filter: the page, GET /api/v1/metrics/consent and the dashboard's
 * client component all read it here. Dates are bounded as every date filter is (lib/date-range).
 */
import { dateRangeIssues, defaultFrom, intervals, MAX_POINTS } from "@/lib/date-range";
import { consentChannelValues, consentDefinitionValues, functionalAreaValues } from "@/lib/enums";
import type { FilterDefinition, FilterValues } from "./core";
import { filterSaid } from "./said";
import { oneOf, parseAsDay, parseAsKey, parseAsRegion, rangeMessages } from "./parsers";

export type ConsentDefinition = (typeof consentDefinitionValues)[number];

const parsers = {
  from: parseAsDay,
  to: parseAsDay,
  purpose: parseAsKey,
  functionalArea: oneOf(functionalAreaValues),
  region: parseAsRegion,
  channel: oneOf(consentChannelValues),
  interval: oneOf(intervals),
  definition: oneOf(consentDefinitionValues),
};

export const consentFilter: FilterDefinition<typeof parsers> = {
  parsers,
  messages: {
    ...rangeMessages({ to: "today" }),
    purpose: filterSaid("purposeKey"),
    interval: filterSaid("consentInterval", {
      values: intervals.join(", "),
      day: String(MAX_POINTS.day),
      week: String(MAX_POINTS.week),
    }),
    definition: filterSaid("consentDefinition", { values: consentDefinitionValues.join(", ") }),
  },
  // The days given first, then the range the defaults resolve to (a year by day is too long).
  refine: (values, today) => {
    const given = dateRangeIssues({ from: values.from, to: values.to }, today);
    return given.length > 0 ? given : dateRangeIssues(resolveRange(values, today), today);
  },
};

export type ConsentFilter = FilterValues<typeof parsers>;

/** Fills defaults: the last 12 weeks up to `to` (today), weekly, never before EARLIEST_DAY. */
export function resolveRange(filter: ConsentFilter, today: string) {
  const to = filter.to ?? today;
  const from = filter.from ?? defaultFrom(to, 84);
  return { from, to, interval: filter.interval ?? "week" };
}
