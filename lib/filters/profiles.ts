/** The /profiles dashboard's filter, for its page, GET /api/v1/metrics/profiles and its client. */
import { partyValues } from "@/lib/enums";
import type { FilterDefinition, FilterValues } from "./core";
import { oneOf, parseAsRegion } from "./parsers";

const parsers = { region: parseAsRegion, party: oneOf(partyValues) };

/** Its parsers' shapes say what each key accepts. */
export const profileFilter: FilterDefinition<typeof parsers> = { parsers };

export type ProfileFilter = FilterValues<typeof parsers>;
