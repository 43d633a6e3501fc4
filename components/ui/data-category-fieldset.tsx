"use client";
import { useTranslations } from "next-intl";
import { dataCategoryValues as dataCategories } from "@/lib/enums";
import { CheckboxFieldset, type FieldBinding } from "./field";

/** The fixed list of data categories as checkboxes (purposes and sources both name their data). */
export function DataCategoryFieldset({
  legend,
  selected,
  ...binding
}: FieldBinding & { legend: string; selected?: readonly string[] }) {
  const t = useTranslations("purposes");
  return (
    <CheckboxFieldset
      {...binding}
      legend={legend}
      options={dataCategories}
      optionLabel={(c) => t(`categories.${c}`)}
      selected={selected}
    />
  );
}
