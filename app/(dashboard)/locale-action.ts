"use server";
import { cookies } from "next/headers";
import { revalidatePath } from "next/cache";
import { isLocale, LOCALE_COOKIE, type Locale } from "@/i18n/config";
import { requireAccountHolder } from "@/lib/auth/session";
import { rememberLocale } from "@/lib/users";

/**
 * Remembers the user's language for a year in this browser, and as the account's; the rest of the
 * app reads it per request. The
 * dashboard's switcher calls it, so it asks for a signed-in user like every other action there.
 */
export async function setLocale(locale: Locale): Promise<void> {
  const { user, db } = await requireAccountHolder();
  if (!isLocale(locale)) return;
  (await cookies()).set(LOCALE_COOKIE, locale, {
    path: "/",
    maxAge: 60 * 60 * 24 * 365,
    sameSite: "lax",
  });
  // Kept with the account too: the password mails an admin sends them are in it.
  await rememberLocale(db, user.id, locale);
  revalidatePath("/", "layout");
}
