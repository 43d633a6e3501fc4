"use server";
import { revalidatePath } from "next/cache";
import { requireRole } from "@/lib/auth/session";
import { attempt, formErrorState, type FormState } from "@/lib/forms";
import { changeRole, inviteUser, setDisabled } from "@/lib/users";
import { passwordLinkUrl, resetPassword } from "@/lib/accounts";
import { mailPasswordLink } from "@/lib/accounts/mail";
import { env } from "@/lib/env";
import { readerLocale } from "@/i18n/locale";
import { inviteUserSchema } from "@/lib/users/schema";
import type { InviteResult, ResetResult } from "@/lib/form-state";
import { TEMPORARY_PASSWORD_DAYS } from "@/lib/auth/sign-in";

export async function inviteUserAction(
  _prev: FormState<InviteResult>,
  form: FormData,
): Promise<FormState<InviteResult>> {
  const { actor, db } = await requireRole("admin", "action:inviteUser");
  const parsed = inviteUserSchema.safeParse({
    email: form.get("email"),
    name: form.get("name") ?? "",
    role: form.get("role"),
  });
  if (!parsed.success) return formErrorState(parsed.error)!;
  const invited = await attempt(() => inviteUser(db, actor, parsed.data));
  if (invited.failed) return invited.failed;
  revalidatePath("/admin/users");
  const { user, temporaryPassword } = invited.value;
  return {
    status: "ok",
    result: { email: user.email, temporaryPassword, validDays: TEMPORARY_PASSWORD_DAYS },
  };
}

export async function changeRoleAction(_prev: FormState, form: FormData): Promise<FormState> {
  const { actor, db } = await requireRole("admin", "action:changeRole");
  const { failed } = await attempt(() =>
    changeRole(db, actor, { userId: form.get("userId"), role: form.get("role") }),
  );
  if (failed) return failed;
  revalidatePath("/admin/users");
  return { status: "ok" };
}

export async function setDisabledAction(_prev: FormState, form: FormData): Promise<FormState> {
  const { actor, db } = await requireRole("admin", "action:setDisabled");
  const disabled = form.get("disabled") === "true";
  const { failed } = await attempt(() =>
    setDisabled(db, actor, { userId: form.get("userId"), disabled }),
  );
  if (failed) return failed;
  revalidatePath("/admin/users");
  return { status: "ok" };
}

/** Resets a user's password: the link is shown to the admin, and e-mailed when SMTP is set up. */
export async function resetPasswordAction(
  _prev: FormState<ResetResult>,
  form: FormData,
): Promise<FormState<ResetResult>> {
  const { actor, db } = await requireRole("admin", "action:resetPassword");
  const reset = await attempt(() => resetPassword(db, actor, form.get("userId"), new Date()));
  if (reset.failed) return reset.failed;
  const { user, link, locale } = reset.value;
  const url = passwordLinkUrl(env().nextAuthUrl ?? "http://localhost:3000", link.token);
  // In the user's language; one who never signed in gets the admin's.
  const mailed = await mailPasswordLink(user.email, url, "reset", locale ?? (await readerLocale()));
  revalidatePath("/admin/users");
  return { status: "ok", result: { url, mailed } };
}
