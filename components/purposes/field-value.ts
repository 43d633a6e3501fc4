import type { useTranslations } from "next-intl";
import type { PurposeField } from "@/lib/purposes/diff";

type PurposesT = ReturnType<typeof useTranslations<"purposes">>;

/**
 * A purpose field's value in the reader's words (the version history and the conflict notice):
 * enumerations by their labels, lists joined, yes and no, "none" for nothing.
 */
export function purposeFieldText(t: PurposesT, field: PurposeField, value: unknown): string {
  if (value === undefined || value === null || value === "") return t("none");
  if (field === "functionalArea") return t(`areas.${value as "marketing"}`);
  if (field === "legalBasis") return t(`legalBases.${value as "consent"}`);
  if (field === "status") return t(`statuses.${value as "draft"}`);
  if (field === "dataCategories") {
    const list = value as string[];
    return list.length ? list.map((c) => t(`categories.${c as "contact"}`)).join(", ") : t("none");
  }
  if (Array.isArray(value)) return value.length ? value.join(", ") : t("none");
  if (typeof value === "boolean") return value ? t("yes") : t("no");
  return String(value);
}
