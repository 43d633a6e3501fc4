import { getRequestConfig } from "next-intl/server";
import { cookies, headers } from "next/headers";
import { isLocale, negotiateLocale, LOCALE_COOKIE } from "./config";

// The language is the user's choice (a cookie) or else the browser's; URLs stay the same in
// every language so a shared link opens in the reader's own.
// A caller that names the language (a customer's preference link) gets that one.
export default getRequestConfig(async ({ locale: requested }) => {
  const chosen = (await cookies()).get(LOCALE_COOKIE)?.value;
  const locale = isLocale(requested)
    ? requested
    : isLocale(chosen)
      ? chosen
      : negotiateLocale((await headers()).get("accept-language"));
  return {
    locale,
    timeZone: "UTC",
    messages: (await import(`../messages/${locale}.json`)).default,
  };
});
