import { wholeNumberText } from "@/lib/decimal";
import { formDifferences } from "@/lib/form-differences";

/** Reads the source form's FormData into the shape the inventory's zod schema validates. */
export function sourceInputFromForm(form: FormData): Record<string, unknown> {
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : undefined;
  };
  const volume = text("monthlyVolume")?.trim();
  const input: Record<string, unknown> = {
    name: text("name"),
    party: text("party"),
    category: text("category"),
    channel: text("channel"),
    dataCategories: form.getAll("dataCategories").filter((v) => typeof v === "string"),
    monthlyVolume: volume ? wholeNumberText(volume) : undefined,
    cookieBased: form.get("cookieBased") === "on",
    linkedPurposes: (text("linkedPurposes") ?? "")
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter(Boolean),
    activeFrom: text("activeFrom"),
    retiredAt: text("retiredAt") || null,
    ownerTeam: text("ownerTeam") ?? "",
    notes: text("notes") ?? "",
  };
  if (form.has("key")) input.key = text("key");
  return input;
}

/** The fields of a source as the form edits them, in the form's order. */
export const sourceFormFields = [
  "name",
  "party",
  "category",
  "channel",
  "monthlyVolume",
  "activeFrom",
  "retiredAt",
  "dataCategories",
  "cookieBased",
  "linkedPurposes",
  "ownerTeam",
  "notes",
] as const;
export type SourceFormField = (typeof sourceFormFields)[number];

/** The fields whose saved value differs from what an editor submitted (read by sourceInputFromForm). */
export const sourceDifferences = (
  saved: Record<SourceFormField, unknown>,
  submitted: Record<string, unknown>,
) => formDifferences(sourceFormFields, saved, submitted);
