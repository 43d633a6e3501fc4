"use client";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { describedBy, FieldError } from "@/components/ui/field-error";
import { roles } from "@/lib/auth/permissions";
import { idle, type FormState } from "@/lib/form-state";
import { inviteUserAction, type InviteResult } from "./actions";

export function InviteForm() {
  const t = useTranslations();
  const [state, action, pending] = useActionState<FormState<InviteResult>, FormData>(
    inviteUserAction,
    idle,
  );
  const errors = state.fieldErrors ?? {};
  const errorCount = Object.keys(errors).length;
  return (
    <form className="stack" action={action} aria-labelledby="invite-title" noValidate>
      <h2 id="invite-title">{t("users.invite")}</h2>
      <div aria-live="polite">
        {state.status === "error" && (
          <p className="notice error">{t("users.errorSummary", { count: errorCount })}</p>
        )}
        {state.status === "ok" && state.result && (
          <p className="notice" data-testid="invite-result">
            {t("users.invited", { email: state.result.email })}{" "}
            <span className="secret" data-testid="temporary-password">
              {state.result.temporaryPassword}
            </span>
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor="invite-email">{t("users.email")}</label>
        <input
          id="invite-email"
          name="email"
          type="email"
          required
          aria-invalid={!!errors.email}
          aria-describedby={describedBy("invite-email", errors.email)}
        />
        <FieldError id="invite-email" errors={errors.email} />
      </div>
      <div className="field">
        <label htmlFor="invite-name">{t("users.nameOptional")}</label>
        <input
          id="invite-name"
          name="name"
          type="text"
          aria-invalid={!!errors.name}
          aria-describedby={describedBy("invite-name", errors.name)}
        />
        <FieldError id="invite-name" errors={errors.name} />
      </div>
      <div className="field">
        <label htmlFor="invite-role">{t("users.role")}</label>
        <select
          id="invite-role"
          name="role"
          defaultValue="marketing"
          aria-describedby={describedBy("invite-role", errors.role)}
        >
          {roles.map((role) => (
            <option key={role} value={role}>
              {t(`roles.${role}`)}
            </option>
          ))}
        </select>
        <FieldError id="invite-role" errors={errors.role} />
      </div>
      <button type="submit" disabled={pending}>
        {t("users.submitInvite")}
      </button>
    </form>
  );
}
