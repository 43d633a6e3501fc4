/** The /profiles dashboard's filter, for its page, GET /api/v1/metrics/profiles and its client. */
import { partyValues } from "@/lib/enums";
import type { FilterDefinition, FilterValues } from "./core";
import { oneOf, parseAsRegion } from "./parsers";

/** What the figures count: profiles (the default), or persons (profiles joined by identity). */
export const profileUnits = ["profile", "person"] as const;

const parsers = { region: parseAsRegion, party: oneOf(partyValues), unit: oneOf(profileUnits) };

/** Its parsers' shapes say what each key accepts. */
export const profileFilter: FilterDefinition<typeof parsers> = { parsers };

export type ProfileFilter = FilterValues<typeof parsers>;
