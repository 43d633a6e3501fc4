"use client";
import { FieldError } from "@/components/ui/field-error";
import { Fragment } from "react";
import { useTranslations } from "next-intl";
import { DataCategoryFieldset } from "@/components/ui/data-category-fieldset";
import {
  CheckboxFieldset,
  echoFieldsOf,
  fieldsWithErrors,
  InputField,
  SelectField,
  TextAreaField,
} from "@/components/ui/field";
import { FormStatus, useFormAction, useRevealed, type FormAction } from "@/components/ui/form";
import { foldFieldErrors } from "@/components/ui/fold-errors";
import { purposeFieldText } from "./field-value";
import { purposeDifferences } from "@/lib/purposes/form";
import type { PurposeFormState } from "@/lib/form-state";
import { consentModeSignals } from "@/lib/consent/signals";
import type { Purpose } from "@/lib/purposes";
import {
  functionalAreaValues as functionalAreas,
  legalBasisValues as legalBases,
  purposeStatusValues as purposeStatuses,
} from "@/lib/enums";

/** The form's values: a purpose's fields, and whether the edit asks for fresh consent. */
type Values = Partial<Omit<Purpose, "createdAt" | "updatedAt">> & { requiresReconsent?: boolean };

/** TCF v2.2's purposes, 1 to 11, as the checkboxes' values. */
const tcfPurposeOptions = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"] as const;

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
  action: FormAction<PurposeFormState>;
  initial?: Values;
}) {
  const t = useTranslations("purposes");
  const { state, formAction, pending, submitRef, errors: given } = useFormAction(action);
  const errors = foldFieldErrors(given, ["version"]);
  const values = { ...blank, ...initial, ...(state.result?.values as Values | undefined) };
  const conflict = state.result?.conflict;
  const saved = state.status === "ok" ? state.result?.saved : undefined;
  const field = echoFieldsOf("purpose", errors, values);
  // Build the inputs again whenever the server answers, so they show the values it handed
  // back; the status above them and the button below stay, so the outcome is read out and the
  // focus stays on the button.
  const formKey = JSON.stringify([state.status, values.version, saved?.updatedAt]);

  return (
    <form className="stack wide" action={formAction} noValidate>
      <FormStatus
        state={{ ...state, fieldErrors: errors }}
        failed={
          !conflict && fieldsWithErrors(errors) > 0
            ? t("errorSummary", { count: fieldsWithErrors(errors) })
            : undefined
        }
        saved={
          saved &&
          (state.result?.unchanged ? t("unchanged") : t("saved", { version: saved.version }))
        }
      >
        {conflict && <PurposeConflict current={conflict} submitted={values} />}
      </FormStatus>
      <div className="form-fields" key={formKey}>
        {mode === "create" ? (
          <InputField
            {...field("key")}
            label={t("fields.key")}
            hint={t("fields.keyHint")}
            autoComplete="off"
          />
        ) : (
          <input type="hidden" name="version" value={values.version ?? ""} />
        )}

        <InputField {...field("name")} label={t("fields.name")} />
        <TextAreaField {...field("description")} label={t("fields.description")} rows={2} />
        <div className="field-row">
          <SelectField
            {...field("functionalArea")}
            label={t("fields.functionalArea")}
            options={functionalAreas}
            optionLabel={(a) => t(`areas.${a}`)}
          />
          <SelectField
            {...field("legalBasis")}
            label={t("fields.legalBasis")}
            options={legalBases}
            optionLabel={(b) => t(`legalBases.${b}`)}
          />
          <SelectField
            {...field("status")}
            label={t("fields.status")}
            options={purposeStatuses}
            optionLabel={(s) => t(`statuses.${s}`)}
          />
        </div>
        <InputField {...field("customerTitle")} label={t("fields.customerTitle")} />
        <TextAreaField
          {...field("customerDescription")}
          label={t("fields.customerDescription")}
          hint={t("fields.customerDescriptionHint")}
          rows={3}
        />
        <TextAreaField
          {...field("customerValue")}
          label={t("fields.customerValue")}
          hint={t("fields.customerValueHint")}
          rows={2}
        />
        <DataCategoryFieldset
          {...field("dataCategories")}
          legend={t("fields.dataCategories")}
          selected={values.dataCategories}
        />
        <InputField
          {...field("retentionDays")}
          label={t("fields.retentionDays")}
          hint={t("fields.retentionHint")}
          type="number"
          inputMode="numeric"
        />
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
        <fieldset className="stack">
          <legend>{t("fields.signals")}</legend>
          <p className="hint">{t("fields.signalsHint")}</p>
          <CheckboxFieldset
            {...field("tcfPurposes")}
            legend={t("fields.tcfPurposes")}
            options={tcfPurposeOptions}
            optionLabel={(n) => t(`tcf.${n}`)}
            selected={values.tcfPurposes?.map(String)}
          />
          <CheckboxFieldset
            {...field("consentModeSignals")}
            legend={t("fields.consentModeSignals")}
            options={consentModeSignals}
            optionLabel={(signal) => <code>{signal}</code>}
            selected={values.consentModeSignals}
          />
          <InputField
            {...field("segmentCategories")}
            label={t("fields.segmentCategories")}
            hint={t("fields.segmentCategoriesHint")}
          />
        </fieldset>
        {mode === "edit" && (
          <div className="checks">
            <label>
              <input
                type="checkbox"
                name="requiresReconsent"
                key={formKey}
                // Kept through a refusal (a conflict, a field's error) like every other input.
                defaultChecked={state.status === "error" && values.requiresReconsent === true}
                aria-describedby={
                  errors.requiresReconsent
                    ? "purpose-reconsent-hint purpose-requiresReconsent-error"
                    : "purpose-reconsent-hint"
                }
                aria-invalid={errors.requiresReconsent ? true : undefined}
              />{" "}
              {t("fields.requiresReconsent")}
            </label>
            <span id="purpose-reconsent-hint" className="hint">
              {t("fields.requiresReconsentHint")}
            </span>
            <FieldError id="purpose-requiresReconsent" errors={errors.requiresReconsent} />
          </div>
        )}
      </div>
      <button type="submit" disabled={pending} ref={submitRef}>
        {mode === "create" ? t("create") : t("save")}
      </button>
    </form>
  );
}

/**
 * Another admin's version, saved while this form was open: its number, and its values where
 * they differ from the editor's input.
 */
function PurposeConflict({
  current,
  submitted,
}: {
  current: Purpose;
  submitted: Record<string, unknown>;
}) {
  const t = useTranslations("purposes");
  const revealed = useRevealed<HTMLDivElement>();
  const differing = purposeDifferences(current, submitted);
  return (
    <div className="notice error" role="status" data-testid="purpose-conflict" ref={revealed}>
      <p>{t("conflict", { version: current.version })}</p>
      {differing.length === 0 ? (
        <p>{t("conflictSame")}</p>
      ) : (
        <>
          <h3>{t("currentValues", { version: current.version })}</h3>
          <dl className="pairs">
            {differing.map((f) => (
              <Fragment key={f}>
                <dt>{t(`fields.${f}`)}</dt>
                <dd>{purposeFieldText(t, f, current[f])}</dd>
              </Fragment>
            ))}
          </dl>
        </>
      )}
    </div>
  );
}
