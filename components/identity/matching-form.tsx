"use client";
import { useTranslations } from "next-intl";
import { CheckboxFieldset, echoFieldsOf, InputField } from "@/components/ui/field";
import { FormStatus, useFormAction, type FormAction } from "@/components/ui/form";
import type { ValuesState } from "@/lib/form-state";

/** Which identifier types join profiles into persons, and when a shared value is flagged. */
export function MatchingForm({
  action,
  types,
  current,
}: {
  action: FormAction<ValuesState>;
  /** Every identifier type profiles carry, and the configured ones. */
  types: string[];
  current: { types: string[]; maxProfiles: number };
}) {
  const t = useTranslations("profilesAdmin");
  const tp = useTranslations("profiles");
  const { state, formAction, pending, submitRef, errors } = useFormAction(action);
  const values = state.result?.values ?? current;
  const field = echoFieldsOf("matching", errors, values);
  const chosen = Array.isArray(values.types) ? (values.types as string[]) : current.types;
  return (
    <form className="stack" action={formAction} noValidate aria-labelledby="matching-title">
      <FormStatus state={state} saved={t("matchingSaved")} />
      <CheckboxFieldset
        {...field("types")}
        legend={t("matchingTypes")}
        options={types}
        optionLabel={(type) =>
          tp.has(`identifierTypes.${type}` as "identifierTypes.email")
            ? tp(`identifierTypes.${type}` as "identifierTypes.email")
            : type
        }
        selected={chosen}
      />
      <InputField
        {...field("maxProfiles")}
        type="number"
        inputMode="numeric"
        min={2}
        max={1000}
        label={t("maxProfiles")}
        hint={t("maxProfilesHint")}
      />
      <button type="submit" disabled={pending} ref={submitRef}>
        {t("saveMatching")}
      </button>
    </form>
  );
}
