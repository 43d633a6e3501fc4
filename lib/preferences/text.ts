import "server-only";
/**
 * The preference page's sentences in one language, with the admin's introduction if any. The
 * page is not a React page: it takes its translators from i18n/shipped (made once per language
 * and kept), instead of asking next-intl's request configuration three times a view. They hold
 * only what the build ships.
 */
import { shippedTranslator } from "@/i18n/shipped";
import type { Locale } from "@/i18n/config";
import type { PageText } from "./html";
import type { PreferenceCenterSettings } from "./schema";

/** The page's translators in `locale` (its own sentences, and the catalog's names). */
export function preferenceTranslators(locale: Locale) {
  return {
    t: shippedTranslator(locale, "preferences"),
    catalog: shippedTranslator(locale, "purposes"),
  };
}

export function preferencePageText(
  locale: Locale,
  look: Pick<PreferenceCenterSettings, "introEn" | "introDe">,
  /** The instance runs on demo data: the page says so. */
  demo = false,
): PageText {
  const { t, catalog } = preferenceTranslators(locale);
  const intro = locale === "de" ? look.introDe : look.introEn;
  return {
    lang: locale,
    title: t("title"),
    intro: intro || t("intro"),
    gpcNotice: t("gpcNotice"),
    area: (area) => catalog(`areas.${area as "marketing"}`),
    category: (category) => catalog(`categories.${category as "contact"}`),
    value: t("value"),
    data: t("data"),
    kept: t("kept"),
    days: (days) => t("days", { days }),
    allow: (title) => t("allow", { title }),
    choice: (choice) => t(`choice.${choice ?? "none"}`),
    changed: (fields) =>
      t("changed", {
        fields: fields.map((f) => t(`fields.${f as "customerTitle"}`)).join(", "),
      }),
    reconsent: t("reconsent"),
    sale: t("sale"),
    sensitive: t("sensitive"),
    save: t("save"),
    saved: (count) => t("saved", { count }),
    stale: t("stale"),
    staleSignal: t("staleSignal"),
    empty: t("empty"),
    ...(demo ? { demo: t("demo") } : {}),
  };
}
