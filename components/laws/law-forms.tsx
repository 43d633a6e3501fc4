"use client";
import { useFormatter, useTranslations } from "next-intl";
import { useEffect, useRef } from "react";
import {
  CheckboxFieldset,
  echoFieldsOf,
  InputField,
  SelectField,
  TextAreaField,
} from "@/components/ui/field";
import { FormStatus, useFormAction, useRevealed, type FormAction } from "@/components/ui/form";
import type { ControlFormState, ValuesState } from "@/lib/form-state";
import type { ControlView } from "@/lib/laws/views";
import { formatDay, NO_VALUE, formatMoment } from "@/components/ui/format";
import {
  controlStatusValues as controlStatuses,
  obligationKeyValues as obligationKeys,
} from "@/lib/enums";

type Action = FormAction<ValuesState>;

/**
 * The company's control for one obligation. The form names the stamp of the control it was
 * opened on; when another officer saved it meanwhile, the officer's input stays and the saved
 * control is shown above it.
 */
export function ControlForm({
  action,
  current,
}: {
  action: FormAction<ControlFormState>;
  current: Pick<ControlView, "status" | "owner" | "evidence" | "dueDate" | "updatedAt">;
}) {
  const t = useTranslations("laws");
  const { state, formAction, pending, submitRef, errors } = useFormAction(action);
  const values = state.result?.values ?? current;
  const conflict = state.result?.conflict;
  const field = echoFieldsOf("control", errors, values);
  const formKey = JSON.stringify([state.status, values.updatedAt]);
  return (
    <form className="stack" action={formAction} noValidate aria-label={t("editControl")}>
      <FormStatus state={state} saved={t("controlSaved")} failed={!conflict && t("fixErrors")}>
        {conflict && <ControlConflict current={conflict} />}
      </FormStatus>
      {/* Built again with the values the server handed back; the status and button stay. */}
      <div className="form-fields" key={formKey}>
        <input type="hidden" name="updatedAt" value={String(values.updatedAt ?? "")} />
        <SelectField
          {...field("status", "control-status")}
          label={t("controlStatus")}
          defaultValue={String(values.status ?? current.status)}
          options={controlStatuses}
          optionLabel={(s) => t(`statuses.${s}`)}
        />
        <InputField {...field("owner", "control-owner")} label={t("owner")} />
        <InputField {...field("dueDate", "control-due")} type="date" label={t("dueDate")} />
        <TextAreaField
          {...field("evidence", "control-evidence")}
          label={t("evidence")}
          hint={t("evidenceHint")}
          rows={4}
        />
      </div>
      <button type="submit" disabled={pending} ref={submitRef}>
        {t("saveControl")}
      </button>
    </form>
  );
}

/** Another officer's save, made while this form was open: who, when, and what it holds. */
function ControlConflict({ current }: { current: ControlView }) {
  const revealed = useRevealed<HTMLDivElement>();
  const t = useTranslations("laws");
  const format = useFormatter();
  const time = current.updatedAt ? formatMoment(format, current.updatedAt) : NO_VALUE;
  return (
    <div className="notice error" role="status" data-testid="control-conflict" ref={revealed}>
      <p>{t("controlConflict", { who: current.updatedBy ?? NO_VALUE, time })}</p>
      <dl className="pairs">
        <dt>{t("controlStatus")}</dt>
        <dd>{t(`statuses.${current.status}`)}</dd>
        <dt>{t("owner")}</dt>
        <dd>{current.owner || NO_VALUE}</dd>
        <dt>{t("dueDate")}</dt>
        <dd>{current.dueDate ? formatDay(format, current.dueDate) : NO_VALUE}</dd>
        <dt>{t("evidence")}</dt>
        <dd>{current.evidence || NO_VALUE}</dd>
      </dl>
    </div>
  );
}

export function CustomLawForm({ action }: { action: Action }) {
  const t = useTranslations("laws");
  const { state, formAction, pending, submitRef, errors } = useFormAction(action);
  const values = state.result?.values ?? {};
  const chosen = Array.isArray(values.obligations) ? (values.obligations as string[]) : [];
  const field = echoFieldsOf("law", errors, values);
  return (
    <form className="stack" action={formAction} noValidate aria-label={t("addLaw")}>
      {state.status === "error" && (
        <p className="notice error" role="alert">
          {t("fixErrors")}
        </p>
      )}
      <InputField {...field("name")} label={t("lawName")} />
      <InputField {...field("shortName", "law-short")} label={t("shortName")} />
      <InputField
        {...field("jurisdictions")}
        errors={Object.entries(errors)
          .filter(([k]) => k.startsWith("jurisdictions"))
          .flatMap(([, v]) => v)}
        label={t("jurisdictions")}
        hint={t("jurisdictionsHint")}
      />
      <InputField
        {...field("effectiveDate", "law-effective")}
        type="date"
        label={t("effectiveDate")}
      />
      <InputField {...field("sourceUrl", "law-source")} type="url" label={t("sourceUrl")} />
      <CheckboxFieldset
        {...field("obligations")}
        legend={t("obligations")}
        options={obligationKeys}
        optionLabel={(key) => t(`obligationNames.${key}`)}
        selected={chosen}
      />
      <TextAreaField {...field("notes")} label={t("notes")} rows={4} />
      <button type="submit" disabled={pending} ref={submitRef}>
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
  laws: { id: string; name: string }[];
}) {
  const t = useTranslations("laws");
  const { state, formAction, pending, submitRef, errors } = useFormAction(action);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state.status === "ok") form.current?.reset();
  }, [state]);
  const values = state.status === "error" ? (state.result?.values ?? {}) : {};
  const field = echoFieldsOf("deadline", errors, values);
  return (
    <form
      ref={form}
      className="stack"
      action={formAction}
      noValidate
      aria-labelledby="deadline-form-title"
    >
      <h3 id="deadline-form-title">{t("addDeadline")}</h3>
      <FormStatus state={state} saved={t("deadlineAdded")} />
      <InputField {...field("title")} label={t("deadlineTitle")} />
      <InputField {...field("date")} type="date" label={t("deadlineDate")} />
      <SelectField
        {...field("lawId", "deadline-law")}
        label={t("deadlineLaw")}
        empty={t("noLaw")}
        options={laws}
        optionValue={(l) => l.id}
        optionLabel={(l) => l.name}
      />
      <TextAreaField {...field("notes")} label={t("notes")} rows={4} />
      <button type="submit" disabled={pending} ref={submitRef}>
        {t("addDeadline")}
      </button>
    </form>
  );
}
