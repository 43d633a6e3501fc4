"use client";
import { useState } from "react";
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

/** The field errors of whichever of a row's forms failed, in the reader's language. */
function useRowError(states: FormState<unknown>[]): string | undefined {
  const translate = useValidationMessage();
  const failed = states.find((s) => s.status === "error");
  return (
    failed &&
    Object.values(failed.fieldErrors ?? {})
      .flat()
      .map(translate)
      .join(" ")
  );
}

/** A user's role where the table shows it: the role to choose and the button that saves it. */
export function UserRoleForm({
  userId,
  email,
  role,
  action,
}: {
  userId: string;
  email: string;
  role: Role;
  action: UserRowServerActions["changeRole"];
}) {
  const t = useTranslations();
  const changeRole = useFormAction(action);
  // "Saved" speaks for the role shown: once another is chosen, it no longer does.
  const [changed, setChanged] = useState(false);
  const error = useRowError([changeRole.state]);
  const selectId = `role-${userId}`;
  return (
    <>
      <form
        className="row-actions"
        action={changeRole.formAction}
        onSubmit={() => setChanged(false)}
      >
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
          onChange={() => setChanged(true)}
        />
        <button
          type="submit"
          className="secondary"
          disabled={changeRole.pending}
          aria-label={t("users.saveRoleOf", { email })}
        >
          {t("users.save")}
        </button>
      </form>
      <div aria-live="polite">
        {error && <p className="field-error">{error}</p>}
        {changeRole.state.status === "ok" && !changeRole.pending && !changed && (
          <p className="small muted">{t("users.saved")}</p>
        )}
      </div>
    </>
  );
}

/** A user's access: disable or enable the account, and reset its password. */
export function UserRowActions({
  userId,
  email,
  disabled,
  actions,
}: {
  userId: string;
  email: string;
  disabled: boolean;
  actions: Pick<UserRowServerActions, "setDisabled" | "resetPassword">;
}) {
  const t = useTranslations();
  const setDisabled = useFormAction(actions.setDisabled);
  const reset = useFormAction(actions.resetPassword);
  const resetState = reset.state;
  const error = useRowError([setDisabled.state, resetState]);
  return (
    <div>
      <div className="row-actions">
        <form action={setDisabled.formAction}>
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
          <form action={reset.formAction}>
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
      </div>
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
