/**
 * Profiles' schemas: the ingestion body of POST /api/v1/profiles (docs/api.md), the completeness
 * model admins edit, and the dashboard filter. Validation messages are catalog keys.
 */
import { z } from "zod";
import { storedString } from "@/lib/stored-text";
import { profileGroupValues } from "@/lib/enums";
import { parties } from "@/lib/sources/schema";
import { inUseRegion } from "@/lib/regions";

export const profileGroups = profileGroupValues;
export type ProfileGroup = (typeof profileGroups)[number];

/** `all` counts every attribute; a party view counts only attributes its sources supplied. */
export const profileViews = ["all", ...parties] as const;
export type ProfileView = (typeof profileViews)[number];

export const MAX_PROFILES_PER_BATCH = 5_000;

const slug = z
  .string("validation.textRequired")
  .trim()
  .min(1, "validation.textRequired")
  .max(64, "validation.tooLong")
  .regex(/^[a-z0-9]+(?:[_-][a-z0-9]+)*$/, "validation.attributeNameFormat");

/** ISO 3166's user-assigned code for "unknown", when nothing names a customer's region. */
export const UNKNOWN_REGION = "ZZ";

export const regionSchema = inUseRegion(
  z
    .string("validation.textRequired")
    .trim()
    .regex(/^[A-Z]{2}(?:-[A-Z0-9]{1,3})?$/, "validation.regionFormat"),
);

/** The longest identifier value a profile keeps. */
export const MAX_IDENTIFIER_LENGTH = 500;

export const profileInputSchema = z.object({
  /** The same pseudonymous id consent events carry, so reach can join them. */
  subjectId: z
    .string("validation.textRequired")
    .trim()
    .min(1, "validation.textRequired")
    .max(200, "validation.tooLong")
    .regex(/^[\x21-\x7e]+$/, "validation.subjectIdFormat"),
  region: regionSchema,
  identifiers: z
    /** null removes the identifier. */
    .record(
      slug,
      storedString(MAX_IDENTIFIER_LENGTH).trim().min(1, "validation.textRequired").nullable(),
    )
    .refine((ids) => Object.keys(ids).length <= 20, "validation.tooMany")
    .default({}),
  attributes: z
    .array(
      z.object({
        group: z.enum(profileGroups, "validation.profileGroupUnknown"),
        name: slug,
        /**
         * Kept as text. A number or true/false sent as JSON (an order count, an opt-in flag) is
         * read as its text; null removes the attribute.
         */
        value: z
          .preprocess(
            (v) =>
              (typeof v === "number" && Number.isFinite(v)) || typeof v === "boolean"
                ? String(v)
                : v,
            storedString(2000).nullable(),
          )
          .meta({
            description: "Text; a number or true/false is read as its text; null removes it",
          }),
        source: z.string().trim().max(64, "validation.tooLong").optional(),
      }),
    )
    .max(200, "validation.tooMany")
    .default([]),
});
export type ProfileInput = z.infer<typeof profileInputSchema>;

export const modelAttributeSchema = z.object({
  group: z.enum(profileGroups, "validation.profileGroupUnknown"),
  name: slug,
  weight: z
    .number("validation.weightRange")
    .min(0, "validation.weightRange")
    .max(100, "validation.weightRange"),
});

export const completenessModelSchema = z.object({
  attributes: z
    .array(modelAttributeSchema)
    .min(1, "validation.modelEmpty")
    .max(100, "validation.tooMany")
    .superRefine((list, ctx) => {
      const seen = new Set<string>();
      list.forEach((a, i) => {
        const key = `${a.group}.${a.name}`;
        if (seen.has(key))
          ctx.addIssue({ code: "custom", path: [i, "name"], message: "validation.attributeTwice" });
        seen.add(key);
      });
      if (!list.some((a) => a.weight > 0))
        ctx.addIssue({ code: "custom", path: [], message: "validation.modelEmpty" });
    }),
});
/** A model change: the new attributes and, for optimistic locking, the version edited. */
export const modelUpdateSchema = completenessModelSchema.extend({
  version: z.number().int().positive().optional(),
});

export type CompletenessModel = z.infer<typeof completenessModelSchema> & { version: number };

/** The attributes of one group, in the order given, each with its weight. */
function group(
  name: ProfileGroup,
  weights: Record<string, number>,
): CompletenessModel["attributes"] {
  return Object.entries(weights).map(([attribute, weight]) => ({
    group: name,
    name: attribute,
    weight,
  }));
}

/** The model a new installation starts with: what a marketer means by a "complete" customer. */
export const defaultModel: CompletenessModel = {
  version: 1,
  attributes: [
    ...group("identity", { first_name: 1, last_name: 1 }),
    ...group("contact", { email: 2, phone: 1, postal_address: 1 }),
    ...group("demographics", { birth_year: 1, household_size: 0.5 }),
    ...group("preferences", { preferred_channel: 1, interests: 1 }),
    ...group("transactions", { last_purchase_at: 1, order_count: 1, lifetime_value: 1 }),
  ],
};

export type { ProfileFilter } from "@/lib/filters/profiles";
