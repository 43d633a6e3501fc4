import { describe, expect, it } from "vitest";
import { diffPurposeSnapshots } from "./diff";
import { createPurposeSchema, purposeStateSchema, updatePurposeSchema } from "./schema";

const valid = {
  key: "newsletter",
  name: "Newsletter",
  functionalArea: "marketing",
  legalBasis: "consent",
  customerDescription: "We email you news.",
  dataCategories: ["contact"],
  retentionDays: 365,
  status: "active",
} as const;

function issuesOf(input: unknown) {
  const result = createPurposeSchema.safeParse(input);
  return result.success
    ? []
    : result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
}

describe("purpose rules", () => {
  it("accepts a complete active consent purpose and fills defaults", () => {
    const parsed = createPurposeSchema.parse(valid);
    expect(parsed).toMatchObject({
      involvesSale: false,
      involvesSensitiveData: false,
      customerValue: "",
    });
  });

  it.each([
    "Newsletter",
    "news letter",
    "-news",
    "news--letter",
    "a",
    "x".repeat(65),
    "newsletter_",
  ])("refuses the key %j", (key) => {
    expect(issuesOf({ ...valid, key }).map((i) => i.path)).toEqual(["key"]);
  });

  it.each(["newsletter", "product-analytics", "q4_2026", "ab"])("accepts the key %j", (key) => {
    expect(issuesOf({ ...valid, key })).toEqual([]);
  });

  it("requires a customer-facing description for an active consent purpose", () => {
    expect(issuesOf({ ...valid, customerDescription: "  " })).toEqual([
      { path: "customerDescription", message: "validation.customerDescriptionRequired" },
    ]);
  });

  it("requires at least one data category for an active consent purpose", () => {
    expect(issuesOf({ ...valid, dataCategories: [] })).toEqual([
      { path: "dataCategories", message: "validation.dataCategoriesRequired" },
    ]);
  });

  it("does not require them of drafts or of purposes on another legal basis", () => {
    expect(
      issuesOf({ ...valid, status: "draft", customerDescription: "", dataCategories: [] }),
    ).toEqual([]);
    expect(
      issuesOf({ ...valid, legalBasis: "contract", customerDescription: "", dataCategories: [] }),
    ).toEqual([]);
  });

  it.each([0, 3651, 1.5, -1])("refuses a retention of %s days", (retentionDays) => {
    expect(issuesOf({ ...valid, retentionDays }).map((i) => i.path)).toEqual(["retentionDays"]);
  });

  it.each([1, 3650])("accepts a retention of %s days", (retentionDays) => {
    expect(issuesOf({ ...valid, retentionDays })).toEqual([]);
  });

  it("requires consent as the legal basis when sensitive data is involved", () => {
    expect(
      issuesOf({ ...valid, legalBasis: "legitimate_interest", involvesSensitiveData: true }),
    ).toEqual([{ path: "legalBasis", message: "validation.sensitiveNeedsConsent" }]);
    expect(issuesOf({ ...valid, involvesSensitiveData: true })).toEqual([]);
  });

  it("refuses unknown data categories and unknown fields", () => {
    expect(issuesOf({ ...valid, dataCategories: ["dna"] }).map((i) => i.path)).toEqual([
      "dataCategories.0",
    ]);
    expect(issuesOf({ ...valid, id: "x" }).length).toBe(1);
  });

  it("refuses a Segment category with a comma, which the form would split in two", () => {
    expect(issuesOf({ ...valid, segmentCategories: ["Ads, Marketing"] })).toEqual([
      { path: "segmentCategories.0", message: "validation.segmentCategoryComma" },
    ]);
    expect(issuesOf({ ...valid, segmentCategories: ["Ads", "Marketing"] })).toEqual([]);
  });

  it("keeps data categories in the catalog's order without duplicates", () => {
    expect(
      createPurposeSchema.parse({ ...valid, dataCategories: ["preferences", "contact", "contact"] })
        .dataCategories,
    ).toEqual(["contact", "preferences"]);
  });

  it("requires the edited version on an update and checks rules on the final state", () => {
    expect(updatePurposeSchema.safeParse({ name: "x" }).success).toBe(false);
    expect(updatePurposeSchema.safeParse({ name: "x", version: 2 }).success).toBe(true);
    const final = purposeStateSchema.safeParse({
      ...valid,
      key: undefined,
      status: "active",
      customerDescription: "",
    });
    expect(final.success).toBe(false);
  });
});

describe("diffPurposeSnapshots", () => {
  it("lists changed fields in catalog order, comparing arrays by value", () => {
    const before = { name: "A", dataCategories: ["contact"], retentionDays: 30, status: "draft" };
    const after = { name: "A", dataCategories: ["contact"], retentionDays: 60, status: "active" };
    expect(diffPurposeSnapshots(before, after)).toEqual([
      { field: "retentionDays", before: 30, after: 60 },
      { field: "status", before: "draft", after: "active" },
    ]);
    expect(
      diffPurposeSnapshots(after, { ...after, dataCategories: ["contact", "identity"] }).map(
        (c) => c.field,
      ),
    ).toEqual(["dataCategories"]);
  });
});
