import { ClientMessages } from "@/components/i18n/client-messages";
import { PageHeader } from "@/components/ui/page-header";
import { pageTitle } from "@/components/ui/page-title";
import { getTranslations } from "next-intl/server";
import { PreferenceCenterForm } from "@/components/preferences/preference-center-form";
import { locales, isLocale } from "@/i18n/config";
import { requireRole } from "@/lib/auth/session";
import type { PageSearchParams } from "@/lib/filters/core";
import { getPreferenceCenterSettings } from "@/lib/preferences/settings";
import { savePreferenceCenterAction } from "./actions";

export const generateMetadata = pageTitle("nav", "preferenceCenter");

/** Each language by its own name, as language pickers show them. */
const endonyms: Record<(typeof locales)[number], string> = { en: "English", de: "Deutsch" };

/** Admins set the customers' preference page up, and see it as a customer would. */
export default async function PreferenceCenterAdminPage({
  searchParams,
}: {
  searchParams: PageSearchParams;
}) {
  const { db } = await requireRole("admin", "/admin/preference-center");
  const t = await getTranslations("preferenceCenterAdmin");
  const settings = await getPreferenceCenterSettings(db);
  const asked = (await searchParams).locale;
  const locale = isLocale(asked) ? asked : "en";
  return (
    <>
      <PageHeader title={t("title")} lead={t("intro")} />
      <ClientMessages namespaces={["preferenceCenterAdmin", "validation"]}>
        <PreferenceCenterForm action={savePreferenceCenterAction} settings={settings} />
      </ClientMessages>
      <section className="panel" aria-labelledby="preview-title">
        <h2 id="preview-title">{t("preview")}</h2>
        <p className="muted">{t("previewHint")}</p>
        <form className="inline" method="get">
          <label htmlFor="preview-locale">{t("previewLocale")}</label>
          <select id="preview-locale" name="locale" defaultValue={locale}>
            {locales.map((l) => (
              <option key={l} value={l} lang={l}>
                {endonyms[l]}
              </option>
            ))}
          </select>
          <button type="submit">{t("showPreview")}</button>
        </form>
        <iframe
          className="preference-preview"
          title={t("previewTitle", { locale })}
          src={`/admin/preference-center/preview?locale=${locale}`}
        />
      </section>
    </>
  );
}
