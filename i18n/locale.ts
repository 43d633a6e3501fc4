import "server-only";
import { getLocale } from "next-intl/server";
import { isLocale, type Locale } from "./config";

/** The request's language as the app's own type (next-intl gives a plain string). */
export async function readerLocale(): Promise<Locale> {
  const locale = await getLocale();
  return isLocale(locale) ? locale : "en";
}
