"use client";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { describedBy, FieldError } from "@/components/ui/field-error";
import { apiKeyScopeValues as apiKeyScopes } from "@/lib/enums";
import { idle, type FormState } from "@/lib/form-state";
import { createApiKeyAction, type CreatedKey } from "./actions";

export function CreateApiKeyForm() {
  const t = useTranslations("apiKeys");
  const [state, action, pending] = useActionState<FormState<CreatedKey>, FormData>(
    createApiKeyAction,
    idle,
  );
  const errors = state.fieldErrors ?? {};
  return (
    <form className="stack" action={action} aria-labelledby="create-key-title" noValidate>
      <h2 id="create-key-title">{t("create")}</h2>
      <div aria-live="polite">
        {state.status === "ok" && state.result && (
          <p className="notice" data-testid="created-key">
            {t("created")}{" "}
            <span className="secret" data-testid="api-key-secret">
              {state.result.key}
            </span>
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor="key-name">{t("name")}</label>
        <input
          id="key-name"
          name="name"
          required
          aria-invalid={!!errors.name}
          aria-describedby={describedBy("key-name", errors.name)}
        />
        <FieldError id="key-name" errors={errors.name} />
      </div>
      <fieldset aria-describedby={describedBy("key-scopes", errors.scopes)}>
        <legend>{t("scopes")}</legend>
        {apiKeyScopes.map((scope) => (
          <label key={scope}>
            <input type="checkbox" name="scopes" value={scope} /> {t(`scopeNames.${scope}`)}
          </label>
        ))}
      </fieldset>
      <FieldError id="key-scopes" errors={errors.scopes} />
      <div className="field">
        <label htmlFor="key-expiry">{t("expiry")}</label>
        <select id="key-expiry" name="expiresInDays" defaultValue="">
          <option value="">{t("expiryNever")}</option>
          {[30, 90, 365].map((days) => (
            <option key={days} value={days}>
              {t("expiryDays", { days })}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" disabled={pending}>
        {t("submit")}
      </button>
    </form>
  );
}
