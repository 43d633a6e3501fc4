"use client";
import { useFormatter, useTranslations } from "next-intl";
import { decimalFieldText } from "@/components/ui/format";
import { InputField } from "@/components/ui/field";
import { ActionForm, type FormAction } from "@/components/ui/form";
import type { PhaseOutFormState } from "@/lib/form-state";
import type { PhaseOutTarget } from "@/lib/sources/schema";

/** A removed target leaves the form empty, ready for the next (one function: the form's effect). */
const wasCleared = (state: PhaseOutFormState) => state.result?.cleared === true;

export function PhaseOutForm({
  action,
  target,
}: {
  action: FormAction<PhaseOutFormState>;
  target?: PhaseOutTarget;
}) {
  const t = useTranslations("sourcesAdmin");
  const format = useFormatter();
  return (
    <ActionForm
      action={action}
      id="target"
      title={t("target")}
      saved={(state) =>
        state.result?.alreadyGone
          ? t("targetAlreadyCleared")
          : wasCleared(state)
            ? t("targetCleared")
            : t("targetSaved")
      }
      submit={t("saveTarget")}
      resetOnSuccess={wasCleared}
      more={(pending) =>
        target && (
          <button
            type="submit"
            name="intent"
            value="clear"
            className="danger"
            formNoValidate
            disabled={pending}
          >
            {t("clearTarget")}
          </button>
        )
      }
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
