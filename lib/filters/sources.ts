/** The /sources inventory's filter: its page, GET /api/v1/sources and the CSV export. */
import { partyValues, sourceChannelValues } from "@/lib/enums";
import type { FilterDefinition, FilterValues } from "./core";
import { oneOf } from "./parsers";

export const sourceStatusValues = ["active", "planned", "retired"] as const;

const parsers = {
  party: oneOf(partyValues),
  channel: oneOf(sourceChannelValues),
  status: oneOf(sourceStatusValues),
};

/** Every key is one of a list: its parser's shape says what it accepts. */
export const sourceFilter: FilterDefinition<typeof parsers> = { parsers };

export type SourceFilter = FilterValues<typeof parsers>;
