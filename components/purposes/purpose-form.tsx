"use client";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { DataCategoryFieldset } from "@/components/ui/data-category-fieldset";
import { describedBy, FieldError } from "@/components/ui/field-error";
import { idle } from "@/lib/form-state";
import type { Purpose } from "@/lib/purposes";
import {
  functionalAreaValues as functionalAreas,
  legalBasisValues as legalBases,
  purposeStatusValues as purposeStatuses,
} from "@/lib/enums";
import type { PurposeFormState } from "@/app/(dashboard)/admin/purposes/actions";

type Action = (state: PurposeFormState, form: FormData) => Promise<PurposeFormState>;
type Values = Partial<Omit<Purpose, "createdAt" | "updatedAt">>;

const blank: Values = {
  functionalArea: "marketing",
  legalBasis: "consent",
  dataCategories: [],
  retentionDays: 365,
  status: "draft",
};

/**
 * Create and edit form of a purpose. Field errors appear under their field (linked with
 * aria-describedby) and are summarised in a live region; after a conflict the editor's input
 * stays and the current values are shown beside it.
 */
export function PurposeForm({
  mode,
  action,
  initial,
}: {
  mode: "create" | "edit";
  action: Action;
  initial?: Values;
}) {
  const t = useTranslations("purposes");
  const [state, formAction, pending] = useActionState<PurposeFormState, FormData>(action, idle);
  const values = { ...blank, ...initial, ...(state.result?.values as Values | undefined) };
  const errors = state.fieldErrors ?? {};
  const conflict = state.result?.conflict;
  const saved = state.status === "ok" ? state.result?.saved : undefined;
  const fieldProps = (name: string) => ({
    id: `purpose-${name}`,
    name,
    "aria-invalid": errors[name] ? true : undefined,
    "aria-describedby": describedBy(`purpose-${name}`, errors[name]),
  });
  // Remount the inputs whenever the server answers, so they show the values it handed back.
  const formKey = JSON.stringify([state.status, values.version, saved?.updatedAt]);

  return (
    <form className="stack wide" action={formAction} noValidate key={formKey}>
      <div aria-live="polite">
        {state.status === "error" && !conflict && (
          <p className="notice error" role="status">
            {t("errorSummary", { count: Object.keys(errors).length })}
          </p>
        )}
        {saved && (
          <p className="notice" role="status">
            {state.result?.unchanged ? t("unchanged") : t("saved", { version: saved.version })}
          </p>
        )}
        {conflict && (
          <div className="notice error" role="status" data-testid="purpose-conflict">
            <p>{t("conflict", { version: conflict.version })}</p>
            <h3>{t("currentValues", { version: conflict.version })}</h3>
            <dl className="pairs">
              <dt>{t("fields.name")}</dt>
              <dd>{conflict.name}</dd>
              <dt>{t("fields.customerDescription")}</dt>
              <dd>{conflict.customerDescription || t("none")}</dd>
              <dt>{t("fields.dataCategories")}</dt>
              <dd>
                {conflict.dataCategories.map((c) => t(`categories.${c}`)).join(", ") || t("none")}
              </dd>
              <dt>{t("fields.retentionDays")}</dt>
              <dd>{conflict.retentionDays}</dd>
              <dt>{t("fields.status")}</dt>
              <dd>{t(`statuses.${conflict.status}`)}</dd>
            </dl>
          </div>
        )}
      </div>

      {mode === "create" ? (
        <div className="field">
          <label htmlFor="purpose-key">{t("fields.key")}</label>
          <input {...fieldProps("key")} defaultValue={values.key ?? ""} autoComplete="off" />
          <span className="hint">{t("fields.keyHint")}</span>
          <FieldError id="purpose-key" errors={errors.key} />
        </div>
      ) : (
        <input type="hidden" name="version" value={values.version ?? ""} />
      )}

      <div className="field">
        <label htmlFor="purpose-name">{t("fields.name")}</label>
        <input {...fieldProps("name")} defaultValue={values.name ?? ""} />
        <FieldError id="purpose-name" errors={errors.name} />
      </div>
      <div className="field">
        <label htmlFor="purpose-description">{t("fields.description")}</label>
        <textarea {...fieldProps("description")} rows={2} defaultValue={values.description ?? ""} />
        <FieldError id="purpose-description" errors={errors.description} />
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor="purpose-functionalArea">{t("fields.functionalArea")}</label>
          <select {...fieldProps("functionalArea")} defaultValue={values.functionalArea}>
            {functionalAreas.map((a) => (
              <option key={a} value={a}>
                {t(`areas.${a}`)}
              </option>
            ))}
          </select>
          <FieldError id="purpose-functionalArea" errors={errors.functionalArea} />
        </div>
        <div className="field">
          <label htmlFor="purpose-legalBasis">{t("fields.legalBasis")}</label>
          <select {...fieldProps("legalBasis")} defaultValue={values.legalBasis}>
            {legalBases.map((b) => (
              <option key={b} value={b}>
                {t(`legalBases.${b}`)}
              </option>
            ))}
          </select>
          <FieldError id="purpose-legalBasis" errors={errors.legalBasis} />
        </div>
        <div className="field">
          <label htmlFor="purpose-status">{t("fields.status")}</label>
          <select {...fieldProps("status")} defaultValue={values.status}>
            {purposeStatuses.map((s) => (
              <option key={s} value={s}>
                {t(`statuses.${s}`)}
              </option>
            ))}
          </select>
          <FieldError id="purpose-status" errors={errors.status} />
        </div>
      </div>
      <div className="field">
        <label htmlFor="purpose-customerTitle">{t("fields.customerTitle")}</label>
        <input {...fieldProps("customerTitle")} defaultValue={values.customerTitle ?? ""} />
        <FieldError id="purpose-customerTitle" errors={errors.customerTitle} />
      </div>
      <div className="field">
        <label htmlFor="purpose-customerDescription">{t("fields.customerDescription")}</label>
        <textarea
          {...fieldProps("customerDescription")}
          rows={3}
          defaultValue={values.customerDescription ?? ""}
        />
        <span className="hint">{t("fields.customerDescriptionHint")}</span>
        <FieldError id="purpose-customerDescription" errors={errors.customerDescription} />
      </div>
      <div className="field">
        <label htmlFor="purpose-customerValue">{t("fields.customerValue")}</label>
        <textarea
          {...fieldProps("customerValue")}
          rows={2}
          defaultValue={values.customerValue ?? ""}
        />
        <span className="hint">{t("fields.customerValueHint")}</span>
        <FieldError id="purpose-customerValue" errors={errors.customerValue} />
      </div>
      <DataCategoryFieldset
        id="purpose-dataCategories"
        legend={t("fields.dataCategories")}
        selected={values.dataCategories}
        errors={errors.dataCategories}
      />
      <div className="field">
        <label htmlFor="purpose-retentionDays">{t("fields.retentionDays")}</label>
        <input
          {...fieldProps("retentionDays")}
          type="number"
          inputMode="numeric"
          defaultValue={values.retentionDays ?? ""}
        />
        <span className="hint">{t("fields.retentionHint")}</span>
        <FieldError id="purpose-retentionDays" errors={errors.retentionDays} />
      </div>
      <div className="checks">
        <label>
          <input type="checkbox" name="involvesSale" defaultChecked={values.involvesSale} />{" "}
          {t("fields.involvesSale")}
        </label>
        <label>
          <input
            type="checkbox"
            name="involvesSensitiveData"
            defaultChecked={values.involvesSensitiveData}
          />{" "}
          {t("fields.involvesSensitiveData")}
        </label>
      </div>
      <button type="submit" disabled={pending}>
        {mode === "create" ? t("create") : t("save")}
      </button>
    </form>
  );
}
