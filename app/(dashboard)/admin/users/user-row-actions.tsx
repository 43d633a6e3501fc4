"use client";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import type { Role } from "@/lib/enums";
import { roles } from "@/lib/auth/permissions";
import { useValidationMessage } from "@/components/ui/field-error";
import { idle, type FormState } from "@/lib/form-state";
import {
  changeRoleAction,
  resetPasswordAction,
  setDisabledAction,
  type ResetResult,
} from "./actions";

type Props = { userId: string; email: string; role: Role; disabled: boolean };

export function UserRowActions({ userId, email, role, disabled }: Props) {
  const t = useTranslations();
  const [roleState, roleAction, rolePending] = useActionState<FormState, FormData>(
    changeRoleAction,
    idle,
  );
  const [disableState, disableAction, disablePending] = useActionState<FormState, FormData>(
    setDisabledAction,
    idle,
  );
  const [resetState, resetAction, resetPending] = useActionState<FormState<ResetResult>, FormData>(
    resetPasswordAction,
    idle,
  );
  const selectId = `role-${userId}`;
  const translate = useValidationMessage();
  const failed = [roleState, disableState, resetState].find((s) => s.status === "error");
  const error =
    failed &&
    Object.values(failed.fieldErrors ?? {})
      .flat()
      .map(translate)
      .join(" ");
  return (
    <div>
      <form className="inline" action={roleAction}>
        <input type="hidden" name="userId" value={userId} />
        <label htmlFor={selectId} className="visually-hidden">
          {t("users.changeRole", { email })}
        </label>
        <select id={selectId} name="role" defaultValue={role}>
          {roles.map((r) => (
            <option key={r} value={r}>
              {t(`roles.${r}`)}
            </option>
          ))}
        </select>
        <button type="submit" className="secondary" disabled={rolePending}>
          {t("users.save")}
        </button>
      </form>
      <form className="inline spaced" action={disableAction}>
        <input type="hidden" name="userId" value={userId} />
        <input type="hidden" name="disabled" value={String(!disabled)} />
        <button
          type="submit"
          className={disabled ? "secondary" : "danger"}
          disabled={disablePending}
          aria-label={`${disabled ? t("users.enable") : t("users.disable")} ${email}`}
        >
          {disabled ? t("users.enable") : t("users.disable")}
        </button>
      </form>
      {!disabled && (
        <form className="inline spaced" action={resetAction}>
          <input type="hidden" name="userId" value={userId} />
          <button
            type="submit"
            className="secondary"
            disabled={resetPending}
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
