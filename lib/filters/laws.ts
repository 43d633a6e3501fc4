/** The /laws pages' filter (the catalog and the obligations matrix). */
import { createParser } from "nuqs/server";
import { JURISDICTION } from "@/lib/laws/model";
import type { FilterDefinition, FilterValues } from "./core";
import { oneOf } from "./parsers";
import { filterSaid } from "./said";

export const lawStatusFilterValues = ["in_force", "upcoming", "at_risk", "not_ready"] as const;

/** EU, EEA, a country (DE) or a subdivision (US-CA); lower case is read as upper case. */
const parseAsJurisdiction = createParser({
  parse: (value: string) => {
    const upper = value.toUpperCase();
    return JURISDICTION.test(upper) ? upper : null;
  },
  serialize: (value: string) => value,
});

const parsers = { jurisdiction: parseAsJurisdiction, status: oneOf(lawStatusFilterValues) };

export const lawFilter: FilterDefinition<typeof parsers> = {
  parsers,
  messages: { jurisdiction: filterSaid("jurisdiction") },
};

export type LawFilter = FilterValues<typeof parsers>;
