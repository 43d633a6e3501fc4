"use client";
import { useTranslations } from "next-intl";
import { DataCategoryFieldset } from "@/components/ui/data-category-fieldset";
import { echoFieldsOf, InputField, SelectField, TextAreaField } from "@/components/ui/field";
import { FormStatus, useFormAction, type FormAction } from "@/components/ui/form";
import type { SourceFormState } from "@/lib/form-state";
import type { DataSource } from "@/lib/sources";
import {
  partyValues as parties,
  sourceCategoryValues as sourceCategories,
  sourceChannelValues as sourceChannels,
} from "@/lib/enums";

type Values = Partial<Omit<DataSource, "createdAt" | "updatedAt">>;

/** Create and edit form of a data source, with field errors under each field. */
export function SourceForm({
  mode,
  action,
  initial,
}: {
  mode: "create" | "edit";
  action: FormAction<SourceFormState>;
  initial?: Values;
}) {
  const t = useTranslations("sources");
  const ta = useTranslations("sourcesAdmin");
  const { state, formAction, pending, errors } = useFormAction(action);
  const values: Values = {
    party: "first",
    category: "website",
    channel: "online",
    dataCategories: [],
    ...initial,
    ...(state.result?.values as Values | undefined),
  };
  const field = echoFieldsOf("source", errors, values);
  const formKey = JSON.stringify([state.status, state.result?.saved?.updatedAt]);

  return (
    <form className="stack wide" action={formAction} noValidate key={formKey}>
      <FormStatus
        state={state}
        failed={ta("errorSummary", { count: Object.keys(errors).length })}
        saved={ta("saved")}
      />
      {mode === "create" && (
        <InputField {...field("key")} label={t("key")} hint={ta("keyHint")} autoComplete="off" />
      )}
      <InputField {...field("name")} label={t("name")} />
      <div className="field-row">
        <SelectField
          {...field("party")}
          label={t("party")}
          options={parties}
          optionLabel={(p) => t(`parties.${p}`)}
        />
        <SelectField
          {...field("category")}
          label={t("category")}
          options={sourceCategories}
          optionLabel={(c) => t(`categories.${c}`)}
        />
        <SelectField
          {...field("channel")}
          label={t("channel")}
          options={sourceChannels}
          optionLabel={(c) => t(`channels.${c}`)}
        />
      </div>
      <div className="field-row">
        <InputField {...field("monthlyVolume")} label={t("volume")} inputMode="numeric" />
        <InputField {...field("activeFrom")} label={t("activeFrom")} type="date" />
        <InputField {...field("retiredAt")} label={t("retiredAt")} type="date" />
      </div>
      <DataCategoryFieldset
        {...field("dataCategories")}
        legend={t("dataCategories")}
        selected={values.dataCategories}
      />
      <div className="checks">
        <label>
          <input type="checkbox" name="cookieBased" defaultChecked={values.cookieBased} />{" "}
          {t("cookieBased")}
        </label>
      </div>
      <InputField
        {...field("linkedPurposes")}
        label={t("linkedPurposes")}
        hint={ta("linkedHint")}
      />
      <InputField {...field("ownerTeam")} label={t("ownerTeam")} />
      <TextAreaField {...field("notes")} label={t("notes")} rows={2} />
      <button type="submit" disabled={pending}>
        {mode === "create" ? ta("create") : ta("save")}
      </button>
    </form>
  );
}
