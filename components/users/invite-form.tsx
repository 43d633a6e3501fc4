"use client";
import { useTranslations } from "next-intl";
import { fieldsOf, fieldsWithErrors, InputField, SelectField } from "@/components/ui/field";
import { FormStatus, useFormAction, type FormAction } from "@/components/ui/form";
import { roles } from "@/lib/auth/permissions";
import type { FormState, InviteResult } from "@/lib/form-state";

export function InviteForm({ action }: { action: FormAction<FormState<InviteResult>> }) {
  const t = useTranslations();
  const { state, formAction, pending, submitRef, errors, onSubmit } = useFormAction(action, {
    resetOnSuccess: true,
  });
  const field = fieldsOf("invite", errors);
  return (
    <form
      className="stack"
      action={formAction}
      onSubmit={onSubmit}
      aria-labelledby="invite-title"
      noValidate
    >
      <h2 id="invite-title">{t("users.invite")}</h2>
      <FormStatus
        state={state}
        failed={t("users.errorSummary", { count: fieldsWithErrors(errors) })}
      >
        {state.status === "ok" && state.result && (
          <p className="notice" data-testid="invite-result">
            {t("users.invited", { email: state.result.email, days: state.result.validDays })}{" "}
            <span className="secret" data-testid="temporary-password">
              {state.result.temporaryPassword}
            </span>
          </p>
        )}
      </FormStatus>
      <InputField {...field("email")} label={t("users.email")} type="email" required />
      <InputField {...field("name")} label={t("users.nameOptional")} type="text" />
      <SelectField
        {...field("role")}
        label={t("users.role")}
        defaultValue="marketing"
        options={roles}
        optionLabel={(role) => t(`roles.${role}`)}
      />
      <button type="submit" disabled={pending} ref={submitRef}>
        {t("users.submitInvite")}
      </button>
    </form>
  );
}
