"use client";
import { useTranslations } from "next-intl";
import { CheckboxFieldset, fieldsOf, InputField, SelectField } from "@/components/ui/field";
import { FormStatus, useFormAction, type FormAction } from "@/components/ui/form";
import { apiKeyScopeValues as apiKeyScopes } from "@/lib/enums";
import type { CreatedKey, FormState } from "@/lib/form-state";

const expiryDays = [30, 90, 365] as const;

export function CreateApiKeyForm({ action }: { action: FormAction<FormState<CreatedKey>> }) {
  const t = useTranslations("apiKeys");
  const { state, formAction, pending, submitRef, errors, onSubmit } = useFormAction(action, {
    resetOnSuccess: true,
  });
  const field = fieldsOf("key", errors);
  return (
    <form
      className="stack"
      action={formAction}
      onSubmit={onSubmit}
      aria-labelledby="create-key-title"
      noValidate
    >
      <h2 id="create-key-title">{t("create")}</h2>
      <FormStatus state={state}>
        {state.status === "ok" && state.result && (
          <p className="notice" data-testid="created-key">
            {t("created")}{" "}
            <span className="secret" data-testid="api-key-secret">
              {state.result.key}
            </span>
          </p>
        )}
      </FormStatus>
      <InputField {...field("name")} label={t("name")} required />
      <CheckboxFieldset
        {...field("scopes")}
        legend={t("scopes")}
        options={apiKeyScopes}
        optionLabel={(scope) => t(`scopeNames.${scope}`)}
      />
      <SelectField
        {...field("expiresInDays", "key-expiry")}
        label={t("expiry")}
        defaultValue=""
        empty={t("expiryNever")}
        options={expiryDays}
        optionLabel={(days) => t("expiryDays", { days })}
      />
      <button type="submit" disabled={pending} ref={submitRef}>
        {t("submit")}
      </button>
    </form>
  );
}
