"use client";
import { useTranslations } from "next-intl";
import { useActionState, useEffect, useRef } from "react";
import { describedBy, FieldError } from "@/components/ui/field-error";
import { idle, type FormState } from "@/lib/form-state";
import {
  controlStatusValues as controlStatuses,
  obligationKeyValues as obligationKeys,
} from "@/lib/enums";
import type { ControlStatus } from "@/lib/laws/schema";

type ValuesState = FormState<{ values: Record<string, unknown> }>;
type Action = (state: ValuesState, form: FormData) => Promise<ValuesState>;

function useForm(action: Action) {
  const [state, formAction, pending] = useActionState<ValuesState, FormData>(action, idle);
  return { state, formAction, pending, errors: state.fieldErrors ?? {} };
}

/** One labelled input (or textarea) with its errors, keyed by the field's name. */
function Field({
  id,
  name,
  label,
  errors,
  value,
  type = "text",
  multiline,
  hint,
}: {
  id: string;
  name: string;
  label: string;
  errors: Record<string, string[]>;
  value?: unknown;
  type?: string;
  multiline?: boolean;
  hint?: string;
}) {
  const props = {
    id,
    name,
    defaultValue: typeof value === "string" ? value : Array.isArray(value) ? value.join(", ") : "",
    "aria-describedby":
      [hint ? `${id}-hint` : "", describedBy(id, errors[name]) ?? ""].filter(Boolean).join(" ") ||
      undefined,
    "aria-invalid": errors[name]?.length ? true : undefined,
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={`${id}-hint`} className="muted">
          {hint}
        </p>
      )}
      {multiline ? <textarea rows={4} {...props} /> : <input type={type} {...props} />}
      <FieldError id={id} errors={errors[name]} />
    </div>
  );
}

export function ControlForm({
  action,
  current,
}: {
  action: Action;
  current: { status: ControlStatus; owner: string; evidence: string; dueDate: string | null };
}) {
  const t = useTranslations("laws");
  const { state, formAction, pending, errors } = useForm(action);
  const values = state.result?.values ?? current;
  return (
    <form className="stack" action={formAction} noValidate aria-label={t("editControl")}>
      <div aria-live="polite">
        {state.status === "ok" && <p className="notice">{t("controlSaved")}</p>}
      </div>
      <div className="field">
        <label htmlFor="control-status">{t("controlStatus")}</label>
        <select
          id="control-status"
          name="status"
          defaultValue={String(values.status ?? current.status)}
          aria-describedby={describedBy("control-status", errors.status)}
        >
          {controlStatuses.map((s) => (
            <option key={s} value={s}>
              {t(`statuses.${s}`)}
            </option>
          ))}
        </select>
        <FieldError id="control-status" errors={errors.status} />
      </div>
      <Field
        id="control-owner"
        name="owner"
        label={t("owner")}
        errors={errors}
        value={values.owner}
      />
      <Field
        id="control-due"
        name="dueDate"
        type="date"
        label={t("dueDate")}
        errors={errors}
        value={values.dueDate ?? ""}
      />
      <Field
        id="control-evidence"
        name="evidence"
        label={t("evidence")}
        hint={t("evidenceHint")}
        errors={errors}
        value={values.evidence}
        multiline
      />
      <button type="submit" disabled={pending}>
        {t("saveControl")}
      </button>
    </form>
  );
}

export function CustomLawForm({ action }: { action: Action }) {
  const t = useTranslations("laws");
  const { state, formAction, pending, errors } = useForm(action);
  const values = state.result?.values ?? {};
  const chosen = Array.isArray(values.obligations) ? (values.obligations as string[]) : [];
  return (
    <form className="stack" action={formAction} noValidate aria-label={t("addLaw")}>
      {state.status === "error" && (
        <p className="notice error" role="alert">
          {t("fixErrors")}
        </p>
      )}
      <Field id="law-name" name="name" label={t("lawName")} errors={errors} value={values.name} />
      <Field
        id="law-short"
        name="shortName"
        label={t("shortName")}
        errors={errors}
        value={values.shortName}
      />
      <Field
        id="law-jurisdictions"
        name="jurisdictions"
        label={t("jurisdictions")}
        hint={t("jurisdictionsHint")}
        errors={Object.fromEntries(
          Object.entries(errors)
            .filter(([k]) => k.startsWith("jurisdictions"))
            .map(([, v]) => ["jurisdictions", v]),
        )}
        value={values.jurisdictions}
      />
      <Field
        id="law-effective"
        name="effectiveDate"
        type="date"
        label={t("effectiveDate")}
        errors={errors}
        value={values.effectiveDate}
      />
      <Field
        id="law-source"
        name="sourceUrl"
        type="url"
        label={t("sourceUrl")}
        errors={errors}
        value={values.sourceUrl}
      />
      <fieldset aria-describedby={describedBy("law-obligations", errors.obligations)}>
        <legend>{t("obligations")}</legend>
        <div className="checkbox-grid">
          {obligationKeys.map((key) => (
            <label key={key}>
              <input
                type="checkbox"
                name="obligations"
                value={key}
                defaultChecked={chosen.includes(key)}
              />
              {t(`obligationNames.${key}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <FieldError id="law-obligations" errors={errors.obligations} />
      <Field
        id="law-notes"
        name="notes"
        label={t("notes")}
        errors={errors}
        value={values.notes}
        multiline
      />
      <button type="submit" disabled={pending}>
        {t("addLaw")}
      </button>
    </form>
  );
}

export function DeadlineForm({
  action,
  laws,
}: {
  action: Action;
  laws: { id: string; shortName: string }[];
}) {
  const t = useTranslations("laws");
  const { state, formAction, pending, errors } = useForm(action);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state.status === "ok") form.current?.reset();
  }, [state]);
  const values = state.status === "error" ? (state.result?.values ?? {}) : {};
  return (
    <form
      ref={form}
      className="stack"
      action={formAction}
      noValidate
      aria-labelledby="deadline-form-title"
    >
      <h3 id="deadline-form-title">{t("addDeadline")}</h3>
      <div aria-live="polite">
        {state.status === "ok" && <p className="notice">{t("deadlineAdded")}</p>}
      </div>
      <Field
        id="deadline-title"
        name="title"
        label={t("deadlineTitle")}
        errors={errors}
        value={values.title}
      />
      <Field
        id="deadline-date"
        name="date"
        type="date"
        label={t("deadlineDate")}
        errors={errors}
        value={values.date}
      />
      <div className="field">
        <label htmlFor="deadline-law">{t("deadlineLaw")}</label>
        <select
          id="deadline-law"
          name="lawId"
          defaultValue={typeof values.lawId === "string" ? values.lawId : ""}
          aria-describedby={describedBy("deadline-law", errors.lawId)}
        >
          <option value="">{t("noLaw")}</option>
          {laws.map((l) => (
            <option key={l.id} value={l.id}>
              {l.shortName}
            </option>
          ))}
        </select>
        <FieldError id="deadline-law" errors={errors.lawId} />
      </div>
      <Field
        id="deadline-notes"
        name="notes"
        label={t("notes")}
        errors={errors}
        value={values.notes}
        multiline
      />
      <button type="submit" disabled={pending}>
        {t("addDeadline")}
      </button>
    </form>
  );
}
