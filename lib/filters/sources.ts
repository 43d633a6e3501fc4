/** The /sources inventory's filter: its page, GET /api/v1/sources and the CSV export. */
import { partyValues, sourceChannelValues } from "@/lib/enums";
import type { FilterDefinition, FilterValues } from "./core";
import { oneOf, oneOfMessage } from "./parsers";

export const sourceStatusValues = ["active", "planned", "retired"] as const;

const parsers = {
  party: oneOf(partyValues),
  channel: oneOf(sourceChannelValues),
  status: oneOf(sourceStatusValues),
};

export const sourceFilter: FilterDefinition<typeof parsers> = {
  parsers,
  messages: {
    party: oneOfMessage("party", partyValues),
    channel: oneOfMessage("channel", sourceChannelValues),
    status: oneOfMessage("status", sourceStatusValues),
  },
};

export type SourceFilter = FilterValues<typeof parsers>;
