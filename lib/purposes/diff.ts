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

/** The customer texts kept in German too, each with its German field. */
export const germanFieldOf = {
  customerTitle: "customerTitleDe",
  customerDescription: "customerDescriptionDe",
  customerValue: "customerValueDe",
} as const;
export type TranslatedField = keyof typeof germanFieldOf;
export const translatedFields = Object.keys(germanFieldOf) as TranslatedField[];
const germanFields = Object.values(germanFieldOf);

/**
 * A purpose's customer texts as a reader of `locale` reads them: in German the German text
 * where there is one, else the English (the fallback); in English as they are.
 */
export function customerTextsIn<
  P extends { [F in TranslatedField]: string } & Partial<
    Record<(typeof germanFields)[number], string>
  >,
>(purpose: P, locale: "en" | "de"): P {
  if (locale === "en") return purpose;
  const texts = translatedFields.map((f) => [f, purpose[germanFieldOf[f]] || purpose[f]]);
  return { ...purpose, ...Object.fromEntries(texts) };
}

/** The customer texts with an English text and no German one: a German reader sees English. */
export function missingGerman(
  purpose: { [F in TranslatedField]: string } & {
    [F in (typeof germanFields)[number]]: string;
  },
): TranslatedField[] {
  return translatedFields.filter((f) => purpose[f] !== "" && purpose[germanFieldOf[f]] === "");
}

/**
 * A purpose as its customers read its title: the customer title, else the purpose's name (in
 * German its German name), which is then what a change to the title changes (and what the
 * admin's list of texts still in English looks at).
 */
export function titled<
  P extends { customerTitle: string; customerTitleDe?: string; name: string; nameDe?: string },
>(purpose: P): P {
  if (purpose.customerTitle) return purpose;
  return { ...purpose, customerTitle: purpose.name, customerTitleDe: purpose.nameDe ?? "" };
}

/**
 * What a German customer's page still shows in English, as the admin's list names it: a purpose
 * without a customer title is titled by its name, so its German name is what is missing.
 */
export function missingOnGermanPage(
  purpose: { [F in TranslatedField]: string } & {
    [F in (typeof germanFields)[number]]: string;
  } & { name: string; nameDe: string },
): (TranslatedField | "name")[] {
  return missingGerman(titled(purpose)).map((f) =>
    f === "customerTitle" && !purpose.customerTitle ? "name" : f,
  );
}

/**
 * Whether an edit changes what customers read about a purpose, in English or in German (the
 * preference page's "what changed"): fresh consent can only be asked for such a change.
 */
export function changesWhatCustomersRead<
  P extends { [F in TranslatedField]: string } & Partial<
    Record<(typeof germanFields)[number], string>
  > & { name: string; nameDe?: string },
>(before: P, after: P): boolean {
  return (["en", "de"] as const).some((locale) =>
    diffPurposeSnapshots(
      customerTextsIn(titled(before), locale),
      customerTextsIn(titled(after), locale),
    ).some((c) => (customerFacingFields as readonly string[]).includes(c.field)),
  );
}

/** Field-by-field differences between two versions of a purpose, in the catalog's field order. */
export const purposeFieldOrder = [
  "name",
  "nameDe",
  "description",
  "functionalArea",
  "legalBasis",
  ...customerFacingFields,
  ...germanFields,
  "tcfPurposes",
  "consentModeSignals",
  "segmentCategories",
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
