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
 * A new instance's: contact details and loyalty numbers, and the ids a CDP gives (user_id, and
 * anonymous_id for a visitor not signed in), so consent given before signing in joins the
 * customer. Databases that held profiles before the last two were added keep the first three
 * (migration 0037) until an admin adds them.
 */
export const defaultMatching: MatchingConfig = {
  types: ["email", "phone", "loyalty_id", "user_id", "anonymous_id"],
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
