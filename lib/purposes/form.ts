import { formDifferences } from "@/lib/form-differences";
import { germanFieldOf, purposeFieldOrder, type PurposeField } from "./diff";

/** Reads the purpose form's FormData into the shape the catalog's zod schema validates. */
export function purposeInputFromForm(form: FormData): Record<string, unknown> {
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : undefined;
  };
  const number = (name: string) => {
    const value = text(name)?.trim();
    return value ? Number(value) : undefined;
  };
  const input: Record<string, unknown> = {
    name: text("name"),
    description: text("description"),
    functionalArea: text("functionalArea"),
    legalBasis: text("legalBasis"),
    customerTitle: text("customerTitle"),
    customerDescription: text("customerDescription"),
    customerValue: text("customerValue"),
    dataCategories: form.getAll("dataCategories").filter((v) => typeof v === "string"),
    retentionDays: number("retentionDays"),
    involvesSale: form.get("involvesSale") === "on",
    involvesSensitiveData: form.get("involvesSensitiveData") === "on",
    tcfPurposes: form.getAll("tcfPurposes").map(Number),
    consentModeSignals: form.getAll("consentModeSignals").filter((v) => typeof v === "string"),
    segmentCategories: (text("segmentCategories") ?? "")
      .split(",")
      .map((c) => c.trim())
      .filter(Boolean),
    status: text("status"),
  };
  if (form.has("key")) input.key = text("key");
  if (form.has("version")) input.version = number("version");
  // Only the edit form offers it; an unticked box sends nothing, so the key stays absent then.
  if (form.get("requiresReconsent") === "on") input.requiresReconsent = true;
  return input;
}

/** The catalog's fields this form edits (the German texts have their own form), in its order. */
const germanOnly = new Set<PurposeField>(["nameDe", ...Object.values(germanFieldOf)]);
export const purposeFormFields = purposeFieldOrder.filter((f) => !germanOnly.has(f));

/** The fields whose saved value differs from what an editor submitted (read by purposeInputFromForm). */
export const purposeDifferences = (
  saved: Partial<Record<PurposeField, unknown>>,
  submitted: Record<string, unknown>,
) => formDifferences(purposeFormFields, saved, submitted);
