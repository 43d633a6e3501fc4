"use client";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { describedBy, FieldError } from "@/components/ui/field-error";
import { idle, type FormState } from "@/lib/form-state";
import type { PhaseOutTarget } from "@/lib/sources/schema";

type Action = (state: FormState, form: FormData) => Promise<FormState>;

export function PhaseOutForm({ action, target }: { action: Action; target?: PhaseOutTarget }) {
  const t = useTranslations("sourcesAdmin");
  const [state, formAction, pending] = useActionState<FormState, FormData>(action, idle);
  const errors = state.fieldErrors ?? {};
  return (
    <form className="stack" action={formAction} noValidate aria-labelledby="target-title">
      <h2 id="target-title">{t("target")}</h2>
      <div aria-live="polite">
        {state.status === "ok" && <p className="notice">{t("targetSaved")}</p>}
      </div>
      <div className="field">
        <label htmlFor="target-date">{t("targetDate")}</label>
        <input
          id="target-date"
          name="targetDate"
          type="date"
          defaultValue={target?.targetDate ?? ""}
          aria-describedby={describedBy("target-date", errors.targetDate)}
        />
        <FieldError id="target-date" errors={errors.targetDate} />
      </div>
      <div className="field">
        <label htmlFor="target-share">{t("targetShare")}</label>
        <input
          id="target-share"
          name="targetShare"
          inputMode="decimal"
          defaultValue={target ? String(Math.round(target.targetThirdPartyShare * 1000) / 10) : ""}
          aria-describedby={describedBy("target-share", errors.targetShare)}
        />
        <FieldError id="target-share" errors={errors.targetShare} />
      </div>
      <button type="submit" disabled={pending}>
        {t("saveTarget")}
      </button>
    </form>
  );
}
