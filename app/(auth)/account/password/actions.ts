"use server";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { changeOwnPassword, endOtherSessions, setPasswordWithLink } from "@/lib/accounts";
import {
  clientIp,
  currentSessionClaims,
  rememberThisBrowser,
  requireAccountHolder,
  withoutSignIn,
} from "@/lib/auth/session";
import { freshSessionCookie } from "@/lib/auth/session-cookie";
import { SessionEndedError } from "@/lib/errors";
import { attempt, type FormState } from "@/lib/forms";

function mismatch(form: FormData): FormState | undefined {
  if (form.get("newPassword") === form.get("confirmPassword")) return undefined;
  return { status: "error", fieldErrors: { confirmPassword: ["validation.passwordMismatch"] } };
}

/**
 * Runs a change for this browser's session; a session that ended meanwhile (a reset, a password
 * changed in another browser) changed nothing and signs in again.
 */
async function whileSignedIn<T>(change: () => Promise<T>): Promise<T> {
  try {
    return await change();
  } catch (error) {
    if (error instanceof SessionEndedError) redirect("/login");
    throw error;
  }
}

/** The signed-in user (also one who must replace a temporary password) changes their own. */
export async function changePasswordAction(_prev: FormState, form: FormData): Promise<FormState> {
  const { user, db } = await requireAccountHolder();
  const ip = clientIp(await headers());
  const refused = mismatch(form);
  if (refused) return refused;
  const changed = await attempt(() =>
    whileSignedIn(() =>
      changeOwnPassword(
        db,
        user,
        { currentPassword: form.get("currentPassword"), newPassword: form.get("newPassword") },
        new Date(),
        ip,
      ),
    ),
  );
  if (changed.failed) return changed.failed;
  const cookie = await freshSessionCookie(changed.value);
  (await cookies()).set(cookie.name, cookie.value, cookie.options);
  await rememberThisBrowser(changed.value); // known for the account's new session version
  redirect("/");
}

/**
 * The signed-in user signs out of every other browser; this one gets a fresh session, which ends
 * when this one would have (no password was asked: it is no new sign-in).
 */
export async function endOtherSessionsAction(): Promise<void> {
  const { user, db } = await requireAccountHolder();
  const claims = await currentSessionClaims();
  const ip = clientIp(await headers());
  const after = await whileSignedIn(() => endOtherSessions(db, user, new Date(), ip));
  const cookie = await freshSessionCookie(after, claims?.authTime);
  (await cookies()).set(cookie.name, cookie.value, cookie.options);
  await rememberThisBrowser(after);
  redirect("/account/password?notice=signedOutElsewhere");
}

/** Anyone holding a valid one-time link sets the password of its account. */
export async function setPasswordWithLinkAction(
  _prev: FormState,
  form: FormData,
): Promise<FormState> {
  const refused = mismatch(form);
  if (refused) return refused;
  const { failed } = await attempt(async () => {
    // The one-time token in the form is the permission; lib/accounts checks it.
    const { db } = await withoutSignIn();
    await setPasswordWithLink(
      db,
      { token: form.get("token"), newPassword: form.get("newPassword") },
      new Date(),
      clientIp(await headers()),
    );
  });
  if (failed) return failed;
  redirect("/login?notice=passwordSet");
}
