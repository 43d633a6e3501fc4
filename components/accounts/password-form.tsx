"use client";
import { useTranslations } from "next-intl";
import { fieldsOf, InputField } from "@/components/ui/field";
import { FieldError } from "@/components/ui/field-error";
import { useFormAction, type FormAction } from "@/components/ui/form";
import type { FormState } from "@/lib/form-state";

type Props = {
  action: FormAction<FormState>;
  /** Set when the password comes from a one-time link instead of the current password. */
  token?: string;
  email: string;
  title: string;
  intro: string;
};

/** New password twice (and the current one, unless a one-time link stands in for it). */
export function PasswordForm({ action, token, email, title, intro }: Props) {
  const t = useTranslations("account");
  const { state, formAction, pending, submitRef, errors } = useFormAction(action);
  const count = Object.keys(errors).length;
  const field = (
    name: "currentPassword" | "newPassword" | "confirmPassword",
    autoComplete: string,
  ) => (
    <InputField
      {...fieldsOf("", errors)(name, name)}
      label={t(name)}
      hint={name === "newPassword" ? t("hint") : undefined}
      type="password"
      autoComplete={autoComplete}
      required
      maxLength={256}
    />
  );
  return (
    <form className="stack" action={formAction} noValidate>
      <h1>{title}</h1>
      <p className="muted">{intro}</p>
      <div aria-live="polite">
        {state.status === "error" && (
          <p className="notice error" role="alert">
            {t("errorSummary", { count })}
          </p>
        )}
        {errors.token && <FieldError id="token" errors={errors.token} />}
      </div>
      {/* Lets password managers save the new password under the right account. */}
      <input type="hidden" name="username" autoComplete="username" value={email} readOnly />
      {token ? (
        <input type="hidden" name="token" value={token} />
      ) : (
        field("currentPassword", "current-password")
      )}
      {field("newPassword", "new-password")}
      {field("confirmPassword", "new-password")}
      <button type="submit" disabled={pending} ref={submitRef}>
        {pending ? t("saving") : t("save")}
      </button>
    </form>
  );
}
