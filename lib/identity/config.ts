/**
 * Which identifier types join profiles into one person, and how many profiles may share a value
 * before it stops counting as evidence (a household phone, `test@test.com`). Kept in settings;
 * admins edit it on /admin/profiles. Free of the database, so forms and tests can use it.
 */
import { z } from "zod";

export const MATCHING_SETTING = "identity.matching";

export type MatchingConfig = {
  /** Identifier types whose shared normalized value makes two profiles one person. */
  types: string[];
  /** A value carried by more profiles than this is flagged and not used for matching. */
  maxProfiles: number;
};

/**
 * Identifier types whose value names one customer by definition, a company's own user id: any
 * number of profiles carrying one are that customer's (a visitor's profile from each device they
 * consented on before signing in), so the maximum below never flags one.
 */
export const UNCAPPED_TYPES: readonly string[] = ["user_id"];

/** How many profiles may share a value of `type` before it is flagged and joins nobody. */
export const capOf = (type: string, config: MatchingConfig): number =>
  UNCAPPED_TYPES.includes(type) ? Number.POSITIVE_INFINITY : config.maxProfiles;

/**
 * A new instance's: contact details and loyalty numbers, and a company's own user id (a CDP's
 * userId: a visitor's profile is given it when they sign in, so consent given before joins the
 * customer). Not a visitor id (anonymous_id): a browser several customers sign in on would make
 * them one person. Databases that held profiles before user_id was added keep the first three
 * (migration 0037) until an admin adds it.
 */
export const defaultMatching: MatchingConfig = {
  types: ["email", "phone", "loyalty_id", "user_id"],
  maxProfiles: 5,
};

export const matchingConfigSchema = z.object({
  types: z
    .array(
      z
        .string("validation.textRequired")
        .trim()
        .regex(/^[a-z0-9]+(?:[_-][a-z0-9]+)*$/, "validation.attributeNameFormat"),
    )
    .max(20, "validation.tooMany")
    .transform((types) => [...new Set(types)].sort()),
  maxProfiles: z
    .number("validation.maxProfilesRange")
    .int("validation.maxProfilesRange")
    .min(2, "validation.maxProfilesRange")
    .max(1000, "validation.maxProfilesRange"),
});

/** The stored value, or the defaults when none (or an unreadable one) is stored. */
export function matchingConfigOf(value: unknown): MatchingConfig {
  const parsed = matchingConfigSchema.safeParse(value);
  return parsed.success ? parsed.data : { ...defaultMatching, types: [...defaultMatching.types] };
}
