import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { createApiKeySchema } from "./api-keys/schema";
import { controlInputSchema, customLawSchema, deadlineInputSchema } from "./laws/schema";
import { preferenceCenterSettingsSchema } from "./preferences/schema";
import { createPurposeSchema } from "./purposes/schema";
import { segmentMappingSchema } from "./segment/config";
import { createSourceSchema } from "./sources/schema";
import { inviteUserSchema } from "./users/schema";

/**
 * Every text an admin types and Firstparty stores as typed. PostgreSQL refuses a NUL character
 * and a lone surrogate, so a form that let one through ended on the error page, and the API
 * answered without naming the field. Each schema must refuse it at its field.
 */
const forms: [string, z.ZodType, Record<string, unknown>, string][] = [
  [
    "purpose",
    createPurposeSchema,
    {
      key: "newsletter",
      name: "Newsletter",
      functionalArea: "marketing",
      legalBasis: "consent",
      customerDescription: "We email you news.",
      dataCategories: ["contact"],
      retentionDays: 365,
      status: "active",
      segmentCategories: ["Marketing"],
    },
    "customerDescription",
  ],
  [
    "source",
    createSourceSchema,
    {
      key: "shop",
      name: "Shop",
      party: "first",
      category: "website",
      channel: "online",
      monthlyVolume: 10,
      activeFrom: "2026-01-01",
      notes: "Checkout",
    },
    "notes",
  ],
  [
    "law control",
    controlInputSchema,
    { status: "implemented", owner: "Legal", evidence: "Signed", dueDate: null },
    "evidence",
  ],
  [
    "custom law",
    customLawSchema,
    {
      name: "Our law",
      shortName: "OL",
      jurisdictions: ["DE"],
      effectiveDate: "2027-01-01",
      obligations: ["privacy_notice"],
    },
    "shortName",
  ],
  ["deadline", deadlineInputSchema, { title: "Audit", date: "2027-01-01", notes: "" }, "title"],
  [
    "invited user",
    inviteUserSchema,
    { email: "new@example.com", name: "New Person", role: "marketing" },
    "name",
  ],
  ["API key", createApiKeySchema, { name: "Shop", scopes: ["read"] }, "name"],
  [
    "preference center",
    preferenceCenterSettingsSchema,
    { companyName: "Acme", introDe: "Hallo" },
    "introDe",
  ],
];

describe("text an admin types", () => {
  it.each(forms)("%s: the valid input passes", (_, schema, input) => {
    expect(schema.safeParse(input).error?.issues).toBeUndefined();
  });

  it.each(forms)(
    "%s: a NUL character or a lone surrogate is refused at its field",
    (_, schema, input, field) => {
      for (const bad of ["Acme\u0000", "Acme \ud83d"]) {
        const issues = schema.safeParse({ ...input, [field]: bad }).error?.issues ?? [];
        expect(issues.map((i) => [i.path.join("."), i.message])).toEqual([
          [field, "validation.unstorableText"],
        ]);
      }
    },
  );

  it("a purpose's Segment category, Segment's mapping and a source's linked purposes are refused the same way", () => {
    const purpose = forms[0]![2];
    const category = createPurposeSchema.safeParse({
      ...purpose,
      segmentCategories: ["Ads\u0000"],
    });
    expect(category.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["segmentCategories.0", "validation.unstorableText"],
    ]);
    const trait = segmentMappingSchema.safeParse({
      traits: [{ trait: "e\u0000mail", identifier: "email" }],
      source: "crm\u0000",
    });
    expect(trait.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["traits.0.trait", "validation.unstorableText"],
      ["source", "validation.unstorableText"],
    ]);
    const source = createSourceSchema.safeParse({
      ...forms[1]![2],
      linkedPurposes: ["news\u0000"],
    });
    expect(source.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["linkedPurposes.0", "validation.unstorableText"],
    ]);
  });
});
