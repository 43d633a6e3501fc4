"use client";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import type { SourceFormState } from "@/app/(dashboard)/admin/sources/actions";
import { DataCategoryFieldset } from "@/components/ui/data-category-fieldset";
import { describedBy, FieldError } from "@/components/ui/field-error";
import { idle } from "@/lib/form-state";
import type { DataSource } from "@/lib/sources";
import {
  partyValues as parties,
  sourceCategoryValues as sourceCategories,
  sourceChannelValues as sourceChannels,
} from "@/lib/enums";

type Action = (state: SourceFormState, form: FormData) => Promise<SourceFormState>;
type Values = Partial<Omit<DataSource, "createdAt" | "updatedAt">>;

/** Create and edit form of a data source, with field errors under each field. */
export function SourceForm({
  mode,
  action,
  initial,
}: {
  mode: "create" | "edit";
  action: Action;
  initial?: Values;
}) {
  const t = useTranslations("sources");
  const ta = useTranslations("sourcesAdmin");
  const [state, formAction, pending] = useActionState<SourceFormState, FormData>(action, idle);
  const values: Values = {
    party: "first",
    category: "website",
    channel: "online",
    dataCategories: [],
    ...initial,
    ...(state.result?.values as Values | undefined),
  };
  const errors = state.fieldErrors ?? {};
  const props = (name: string) => ({
    id: `source-${name}`,
    name,
    "aria-invalid": errors[name] ? true : undefined,
    "aria-describedby": describedBy(`source-${name}`, errors[name]),
  });
  const formKey = JSON.stringify([state.status, state.result?.saved?.updatedAt]);

  return (
    <form className="stack wide" action={formAction} noValidate key={formKey}>
      <div aria-live="polite">
        {state.status === "error" && (
          <p className="notice error">
            {ta("errorSummary", { count: Object.keys(errors).length })}
          </p>
        )}
        {state.status === "ok" && <p className="notice">{ta("saved")}</p>}
      </div>
      {mode === "create" && (
        <div className="field">
          <label htmlFor="source-key">{t("key")}</label>
          <input {...props("key")} defaultValue={values.key ?? ""} autoComplete="off" />
          <span className="hint">{ta("keyHint")}</span>
          <FieldError id="source-key" errors={errors.key} />
        </div>
      )}
      <div className="field">
        <label htmlFor="source-name">{t("name")}</label>
        <input {...props("name")} defaultValue={values.name ?? ""} />
        <FieldError id="source-name" errors={errors.name} />
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor="source-party">{t("party")}</label>
          <select {...props("party")} defaultValue={values.party}>
            {parties.map((p) => (
              <option key={p} value={p}>
                {t(`parties.${p}`)}
              </option>
            ))}
          </select>
          <FieldError id="source-party" errors={errors.party} />
        </div>
        <div className="field">
          <label htmlFor="source-category">{t("category")}</label>
          <select {...props("category")} defaultValue={values.category}>
            {sourceCategories.map((c) => (
              <option key={c} value={c}>
                {t(`categories.${c}`)}
              </option>
            ))}
          </select>
          <FieldError id="source-category" errors={errors.category} />
        </div>
        <div className="field">
          <label htmlFor="source-channel">{t("channel")}</label>
          <select {...props("channel")} defaultValue={values.channel}>
            {sourceChannels.map((c) => (
              <option key={c} value={c}>
                {t(`channels.${c}`)}
              </option>
            ))}
          </select>
          <FieldError id="source-channel" errors={errors.channel} />
        </div>
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor="source-monthlyVolume">{t("volume")}</label>
          <input
            {...props("monthlyVolume")}
            inputMode="numeric"
            defaultValue={values.monthlyVolume ?? ""}
          />
          <FieldError id="source-monthlyVolume" errors={errors.monthlyVolume} />
        </div>
        <div className="field">
          <label htmlFor="source-activeFrom">{t("activeFrom")}</label>
          <input {...props("activeFrom")} type="date" defaultValue={values.activeFrom ?? ""} />
          <FieldError id="source-activeFrom" errors={errors.activeFrom} />
        </div>
        <div className="field">
          <label htmlFor="source-retiredAt">{t("retiredAt")}</label>
          <input {...props("retiredAt")} type="date" defaultValue={values.retiredAt ?? ""} />
          <FieldError id="source-retiredAt" errors={errors.retiredAt} />
        </div>
      </div>
      <DataCategoryFieldset
        id="source-dataCategories"
        legend={t("dataCategories")}
        selected={values.dataCategories}
        errors={errors.dataCategories}
      />
      <div className="checks">
        <label>
          <input type="checkbox" name="cookieBased" defaultChecked={values.cookieBased} />{" "}
          {t("cookieBased")}
        </label>
      </div>
      <div className="field">
        <label htmlFor="source-linkedPurposes">{t("linkedPurposes")}</label>
        <input
          {...props("linkedPurposes")}
          defaultValue={(values.linkedPurposes ?? []).join(", ")}
        />
        <span className="hint">{ta("linkedHint")}</span>
        <FieldError id="source-linkedPurposes" errors={errors.linkedPurposes} />
      </div>
      <div className="field">
        <label htmlFor="source-ownerTeam">{t("ownerTeam")}</label>
        <input {...props("ownerTeam")} defaultValue={values.ownerTeam ?? ""} />
      </div>
      <div className="field">
        <label htmlFor="source-notes">{t("notes")}</label>
        <textarea {...props("notes")} rows={2} defaultValue={values.notes ?? ""} />
      </div>
      <button type="submit" disabled={pending}>
        {mode === "create" ? ta("create") : ta("save")}
      </button>
    </form>
  );
}
