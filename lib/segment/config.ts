/**
 * How a Segment-compatible source's messages become Firstparty's data: which trait fills which
 * identifier and attribute, and the region to use when a message names none. Kept in settings;
 * admins edit it on /admin/imports. Which consent category stands for which purpose is listed on
 * the purpose (`segmentCategories`). Free of the database, so forms and tests can use it.
 */
import { z } from "zod";
import { storedText } from "@/lib/stored-text";
import { profileGroupValues } from "@/lib/enums";
import { inUseRegion } from "@/lib/regions";

export const SEGMENT_SETTING = "segment.mapping";

/** The track event that carries consent (Segment's Consent Management spec). */
export const CONSENT_EVENT = "Segment Consent Preference Updated";

/** The identifier type whose matching joins a visitor's profile to the customer's. */
export const SEGMENT_ID_TYPES = ["user_id"] as const;

const slug = /^[a-z0-9]+(?:[_-][a-z0-9]+)*$/;

export const traitMappingSchema = z
  .object({
    trait: storedText(100).min(1, "validation.textRequired"),
    /** The identifier type the trait's value becomes (empty: none). */
    identifier: z
      .string()
      .trim()
      .max(64, "validation.tooLong")
      .refine((v) => v === "" || slug.test(v), "validation.attributeNameFormat")
      .default(""),
    /** `<group>.<name>` of the attribute the trait's value becomes (empty: none). */
    attribute: z
      .string()
      .trim()
      .max(130, "validation.tooLong")
      .refine((v) => {
        if (v === "") return true;
        const [group, name, ...rest] = v.split(".");
        return (
          rest.length === 0 &&
          (profileGroupValues as readonly string[]).includes(group!) &&
          slug.test(name ?? "")
        );
      }, "validation.segmentAttributeFormat")
      .default(""),
  })
  .refine((m) => m.identifier !== "" || m.attribute !== "", {
    message: "validation.segmentTraitTarget",
    path: ["identifier"],
  });
export type TraitMapping = z.output<typeof traitMappingSchema>;

export const segmentMappingSchema = z.object({
  traits: z
    .array(traitMappingSchema)
    .max(100, "validation.tooMany")
    .superRefine((list, ctx) => {
      const seen = new Set<string>();
      list.forEach((m, i) => {
        if (seen.has(m.trait))
          ctx.addIssue({ code: "custom", path: [i, "trait"], message: "validation.traitTwice" });
        seen.add(m.trait);
      });
    }),
  /** The data source its attributes are filed under (its party counts in the mix); empty: none. */
  source: storedText(64).default(""),
  /** The region of a message that names none (ISO 3166); empty: such a message is filed under ZZ. */
  defaultRegion: inUseRegion(
    z
      .string()
      .trim()
      .toUpperCase()
      .refine(
        (v) => v === "" || /^[A-Z]{2}(?:-[A-Z0-9]{1,3})?$/.test(v),
        "validation.regionFormat",
      ),
  ).default(""),
});
export type SegmentMapping = z.output<typeof segmentMappingSchema>;

export const defaultSegmentMapping: SegmentMapping = {
  traits: [
    { trait: "email", identifier: "email", attribute: "contact.email" },
    { trait: "phone", identifier: "phone", attribute: "contact.phone" },
    { trait: "firstName", identifier: "", attribute: "identity.first_name" },
    { trait: "lastName", identifier: "", attribute: "identity.last_name" },
  ],
  source: "",
  defaultRegion: "",
};

/** The stored value, or the defaults when none (or an unreadable one) is stored. */
export function segmentMappingOf(value: unknown): SegmentMapping {
  const parsed = segmentMappingSchema.safeParse(value);
  return parsed.success ? parsed.data : structuredClone(defaultSegmentMapping);
}
