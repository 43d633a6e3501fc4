/** The fields a customer reads about a purpose (the preference page shows changes to these). */
export const customerFacingFields = [
  "customerTitle",
  "customerDescription",
  "customerValue",
  "dataCategories",
  "retentionDays",
  "involvesSale",
  "involvesSensitiveData",
] as const;

/** Field-by-field differences between two versions of a purpose, in the catalog's field order. */
export const purposeFieldOrder = [
  "name",
  "description",
  "functionalArea",
  "legalBasis",
  ...customerFacingFields,
  "status",
] as const;
export type PurposeField = (typeof purposeFieldOrder)[number];

export type FieldChange = { field: PurposeField; before: unknown; after: unknown };

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export function diffPurposeSnapshots(
  before: Partial<Record<PurposeField, unknown>>,
  after: Partial<Record<PurposeField, unknown>>,
): FieldChange[] {
  return purposeFieldOrder
    .filter((field) => !same(before[field], after[field]))
    .map((field) => ({ field, before: before[field], after: after[field] }));
}
