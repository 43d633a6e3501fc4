"use server";
import { cookies } from "next/headers";
import { revalidatePath } from "next/cache";
import { isLocale, LOCALE_COOKIE, type Locale } from "@/i18n/config";
import { requireAccountHolder } from "@/lib/auth/session";

/**
 * Remembers the user's language for a year; the rest of the app reads it per request. The
 * dashboard's switcher calls it, so it asks for a signed-in user like every other action there.
 */
export async function setLocale(locale: Locale): Promise<void> {
  await requireAccountHolder();
  if (!isLocale(locale)) return;
  (await cookies()).set(LOCALE_COOKIE, locale, {
    path: "/",
    maxAge: 60 * 60 * 24 * 365,
    sameSite: "lax",
  });
  revalidatePath("/", "layout");
}
