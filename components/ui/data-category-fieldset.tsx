"use client";
import { useTranslations } from "next-intl";
import type { DataCategory } from "@/lib/enums";
import { dataCategoryValues as dataCategories } from "@/lib/enums";
import { describedBy, FieldError } from "./field-error";

/** The fixed list of data categories as checkboxes (purposes and sources both name their data). */
export function DataCategoryFieldset({
  id,
  legend,
  selected,
  errors,
}: {
  id: string;
  legend: string;
  selected?: readonly DataCategory[];
  errors?: string[];
}) {
  const t = useTranslations("purposes");
  return (
    <>
      <fieldset aria-describedby={describedBy(id, errors)}>
        <legend>{legend}</legend>
        <div className="checkbox-grid">
          {dataCategories.map((c) => (
            <label key={c}>
              <input
                type="checkbox"
                name="dataCategories"
                value={c}
                defaultChecked={selected?.includes(c)}
              />
              {t(`categories.${c}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <FieldError id={id} errors={errors} />
    </>
  );
}
