"use client";
import { useTranslations } from "next-intl";
import type { Role } from "@/lib/enums";
import { roles } from "@/lib/auth/permissions";
import { Select } from "@/components/ui/field";
import { useValidationMessage } from "@/components/ui/field-error";
import { useFormAction, type FormAction } from "@/components/ui/form";
import type { FormState, ResetResult } from "@/lib/form-state";

/** The server actions of a user's row (they stay in app/, handed in by the page). */
export type UserRowServerActions = {
  changeRole: FormAction<FormState>;
  setDisabled: FormAction<FormState>;
  resetPassword: FormAction<FormState<ResetResult>>;
};

type Props = {
  userId: string;
  email: string;
  role: Role;
  disabled: boolean;
  actions: UserRowServerActions;
};

export function UserRowActions({ userId, email, role, disabled, actions }: Props) {
  const t = useTranslations();
  const changeRole = useFormAction(actions.changeRole);
  const setDisabled = useFormAction(actions.setDisabled);
  const reset = useFormAction(actions.resetPassword);
  const resetState = reset.state;
  const selectId = `role-${userId}`;
  const translate = useValidationMessage();
  const failed = [changeRole.state, setDisabled.state, resetState].find(
    (s) => s.status === "error",
  );
  const error =
    failed &&
    Object.values(failed.fieldErrors ?? {})
      .flat()
      .map(translate)
      .join(" ");
  return (
    <div>
      <form className="inline" action={changeRole.formAction}>
        <input type="hidden" name="userId" value={userId} />
        <label htmlFor={selectId} className="visually-hidden">
          {t("users.changeRole", { email })}
        </label>
        <Select
          id={selectId}
          name="role"
          defaultValue={role}
          options={roles}
          optionLabel={(r) => t(`roles.${r}`)}
        />
        <button type="submit" className="secondary" disabled={changeRole.pending}>
          {t("users.save")}
        </button>
      </form>
      <form className="inline spaced" action={setDisabled.formAction}>
        <input type="hidden" name="userId" value={userId} />
        <input type="hidden" name="disabled" value={String(!disabled)} />
        <button
          type="submit"
          className={disabled ? "secondary" : "danger"}
          disabled={setDisabled.pending}
          aria-label={`${disabled ? t("users.enable") : t("users.disable")} ${email}`}
        >
          {disabled ? t("users.enable") : t("users.disable")}
        </button>
      </form>
      {!disabled && (
        <form className="inline spaced" action={reset.formAction}>
          <input type="hidden" name="userId" value={userId} />
          <button
            type="submit"
            className="secondary"
            disabled={reset.pending}
            aria-label={t("users.resetPasswordOf", { email })}
          >
            {t("users.resetPassword")}
          </button>
        </form>
      )}
      <div aria-live="polite">
        {error && <p className="field-error">{error}</p>}
        {resetState.status === "ok" && resetState.result && (
          <p className="notice reset-result" data-testid="reset-result">
            {t("users.resetDone", { email })}{" "}
            <code className="secret" data-testid="reset-link">
              {resetState.result.url}
            </code>{" "}
            {t(`users.resetMail.${resetState.result.mailed}`, { email })}
          </p>
        )}
      </div>
    </div>
  );
}
