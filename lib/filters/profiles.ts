/** The /profiles dashboard's filter, for its page, GET /api/v1/metrics/profiles and its client. */
import { partyValues } from "@/lib/enums";
import type { FilterDefinition, FilterValues } from "./core";
import { oneOf, oneOfMessage, parseAsRegion } from "./parsers";

const parsers = { region: parseAsRegion, party: oneOf(partyValues) };

export const profileFilter: FilterDefinition<typeof parsers> = {
  parsers,
  messages: {
    region: "region is an ISO 3166 code such as DE or US-CA",
    party: oneOfMessage("party", partyValues),
  },
};

export type ProfileFilter = FilterValues<typeof parsers>;
