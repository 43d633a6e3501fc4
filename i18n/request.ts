import { getRequestConfig } from "next-intl/server";
import { cookies, headers } from "next/headers";
import { chosenLocale, isLocale, LOCALE_COOKIE } from "./config";
import { DEFAULT_TIME_ZONE, knownTimeZone, TIME_ZONE_COOKIE } from "./time-zone";

// The language is the user's choice (a cookie) or else the browser's; URLs stay the same in
// every language so a shared link opens in the reader's own.
// A caller that names the language (a customer's preference link) gets that one.
// Moments are shown in the reader's time zone, which the browser keeps in a cookie.
export default getRequestConfig(async ({ locale: requested }) => {
  const jar = await cookies();
  const locale = isLocale(requested)
    ? requested
    : chosenLocale(jar.get(LOCALE_COOKIE)?.value, (await headers()).get("accept-language"));
  return {
    locale,
    timeZone: knownTimeZone(jar.get(TIME_ZONE_COOKIE)?.value) ?? DEFAULT_TIME_ZONE,
    messages: (await import(`../messages/${locale}.json`)).default,
  };
});
