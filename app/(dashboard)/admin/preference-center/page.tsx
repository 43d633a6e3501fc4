import { ClientMessages } from "@/components/i18n/client-messages";
import { PageHeader } from "@/components/ui/page-header";
import { pageTitle } from "@/components/ui/page-title";
import { getLocale, getTranslations } from "next-intl/server";
import { PreferenceCenterForm } from "@/components/preferences/preference-center-form";
import { PurposeGermanForm } from "@/components/preferences/purpose-german-form";
import { locales, isLocale } from "@/i18n/config";
import { requireRole } from "@/lib/auth/session";
import type { PageSearchParams } from "@/lib/filters/core";
import { getPreferenceCenterSettings } from "@/lib/preferences/settings";
import { listPurposes } from "@/lib/purposes";
import { missingOnGermanPage } from "@/lib/purposes/diff";
import { savePreferenceCenterAction, savePurposeGermanAction } from "./actions";

export const generateMetadata = pageTitle((t) => t("nav.preferenceCenter"));

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
  const [settings, purposes] = await Promise.all([
    getPreferenceCenterSettings(db),
    // The purposes the page shows: the active ones that rest on consent.
    listPurposes(db, { status: "active", legalBasis: "consent" }),
  ]);
  const missing = purposes
    .map((p) => ({ purpose: p, fields: missingOnGermanPage(p) }))
    .filter((m) => m.fields.length > 0);
  const asked = (await searchParams).locale;
  // The preview starts in the admin's own language; the select shows it in the other.
  const own = await getLocale();
  const locale = isLocale(asked) ? asked : isLocale(own) ? own : "en";
  return (
    <>
      <PageHeader title={t("title")} lead={t("intro")} />
      <ClientMessages namespaces={["preferenceCenterAdmin", "validation"]}>
        <PreferenceCenterForm action={savePreferenceCenterAction} settings={settings} />
      </ClientMessages>
      <section className="panel" aria-labelledby="german-title" data-testid="german-texts">
        <h2 id="german-title">{t("german")}</h2>
        <p className="muted">{t("germanIntro")}</p>
        <h3>{t("missingTitle")}</h3>
        {missing.length === 0 ? (
          <p data-testid="german-missing">{t("missingNone")}</p>
        ) : (
          <ul data-testid="german-missing">
            {missing.map(({ purpose, fields }) => (
              <li key={purpose.key}>
                <a href={`#de-${purpose.key}-title`}>
                  {t("missingItem", {
                    purpose: purpose.name,
                    fields: fields.map((f) => t(`missingFields.${f}`)).join(", "),
                  })}
                </a>
              </li>
            ))}
          </ul>
        )}
        <ClientMessages namespaces={["preferenceCenterAdmin", "validation"]}>
          <div className="german-forms">
            {purposes.map((p) => (
              <PurposeGermanForm
                key={p.key}
                action={savePurposeGermanAction.bind(null, p.key)}
                purpose={{
                  key: p.key,
                  name: p.name,
                  nameDe: p.nameDe,
                  version: p.version,
                  customerTitle: p.customerTitle,
                  customerDescription: p.customerDescription,
                  customerValue: p.customerValue,
                  customerTitleDe: p.customerTitleDe,
                  customerDescriptionDe: p.customerDescriptionDe,
                  customerValueDe: p.customerValueDe,
                }}
              />
            ))}
          </div>
        </ClientMessages>
      </section>
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
