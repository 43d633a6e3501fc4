import { isLocale } from "@/i18n/config";
import { jsonError, withAuth } from "@/lib/http";
import { preferencePagePolicy, renderPreferencePage } from "@/lib/preferences/html";
import { getPreferencePage } from "@/lib/preferences/page";
import { getPreferenceCenterSettings } from "@/lib/preferences/settings";
import { preferencePageText } from "@/lib/preferences/text";
import { isDemoInstance } from "@/lib/users/demo-mode";

export const dynamic = "force-dynamic";

/**
 * The preference page as a customer with no decision yet sees it, in the language asked for,
 * with the current settings: for the admin page's preview frame (this site only), its save
 * button disabled.
 */
export const GET = withAuth({ role: "admin" }, async (request, { db }) => {
  const locale = new URL(request.url).searchParams.get("locale");
  if (!isLocale(locale)) return jsonError(400, "locale is en or de");
  const [page, look] = await Promise.all([
    getPreferencePage(db, null, { gpc: false, locale }),
    getPreferenceCenterSettings(db),
  ]);
  const text = preferencePageText(locale, look, await isDemoInstance());
  // Its form saves nothing: there is no customer behind it, and no POST here.
  return new Response(renderPreferencePage(page, text, { preview: true }, look), {
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "content-security-policy": preferencePagePolicy(["'self'"], { preview: true }),
    },
  });
});
