"use client";
import { useTranslations } from "next-intl";
import { fieldsOf, InputField } from "@/components/ui/field";
import { useFormAction, type FormAction } from "@/components/ui/form";
import type { FormState } from "@/lib/form-state";
import type { PhaseOutTarget } from "@/lib/sources/schema";

export function PhaseOutForm({
  action,
  target,
}: {
  action: FormAction<FormState>;
  target?: PhaseOutTarget;
}) {
  const t = useTranslations("sourcesAdmin");
  const { state, formAction, pending, errors } = useFormAction(action);
  const field = fieldsOf("target", errors);
  return (
    <form className="stack" action={formAction} noValidate aria-labelledby="target-title">
      <h2 id="target-title">{t("target")}</h2>
      <div aria-live="polite">
        {state.status === "ok" && <p className="notice">{t("targetSaved")}</p>}
      </div>
      <InputField
        {...field("targetDate", "target-date")}
        label={t("targetDate")}
        type="date"
        defaultValue={target?.targetDate ?? ""}
      />
      <InputField
        {...field("targetShare", "target-share")}
        label={t("targetShare")}
        inputMode="decimal"
        defaultValue={target ? String(Math.round(target.targetThirdPartyShare * 1000) / 10) : ""}
      />
      <button type="submit" disabled={pending}>
        {t("saveTarget")}
      </button>
    </form>
  );
}
