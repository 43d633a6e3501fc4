"use client";
import { useTranslations } from "next-intl";
import { useEffect, useRef } from "react";
import {
  CheckboxFieldset,
  echoFieldsOf,
  InputField,
  SelectField,
  TextAreaField,
} from "@/components/ui/field";
import { FormStatus, useFormAction, type FormAction } from "@/components/ui/form";
import type { ValuesState } from "@/lib/form-state";
import {
  controlStatusValues as controlStatuses,
  obligationKeyValues as obligationKeys,
} from "@/lib/enums";
import type { ControlStatus } from "@/lib/laws/schema";

type Action = FormAction<ValuesState>;

export function ControlForm({
  action,
  current,
}: {
  action: Action;
  current: { status: ControlStatus; owner: string; evidence: string; dueDate: string | null };
}) {
  const t = useTranslations("laws");
  const { state, formAction, pending, errors } = useFormAction(action);
  const values = state.result?.values ?? current;
  const field = echoFieldsOf("control", errors, values);
  return (
    <form className="stack" action={formAction} noValidate aria-label={t("editControl")}>
      <FormStatus state={state} saved={t("controlSaved")} />
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
      <button type="submit" disabled={pending}>
        {t("saveControl")}
      </button>
    </form>
  );
}

export function CustomLawForm({ action }: { action: Action }) {
  const t = useTranslations("laws");
  const { state, formAction, pending, errors } = useFormAction(action);
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
  laws: { id: string; name: string }[];
}) {
  const t = useTranslations("laws");
  const { state, formAction, pending, errors } = useFormAction(action);
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
      <button type="submit" disabled={pending}>
        {t("addDeadline")}
      </button>
    </form>
  );
}
