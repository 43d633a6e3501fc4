"use client";
import { useFormatter, useTranslations } from "next-intl";
import { decimalFieldText } from "@/components/ui/format";
import { InputField } from "@/components/ui/field";
import { ActionForm, type FormAction } from "@/components/ui/form";
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
  const format = useFormatter();
  return (
    <ActionForm
      action={action}
      id="target"
      title={t("target")}
      saved={t("targetSaved")}
      submit={t("saveTarget")}
    >
      {(field) => (
        <>
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
            defaultValue={
              target ? decimalFieldText(format, target.targetThirdPartyShare * 100) : ""
            }
          />
        </>
      )}
    </ActionForm>
  );
}
