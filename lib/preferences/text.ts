import "server-only";
/** The preference page's sentences in one language, with the admin's introduction if any. */
import { getTranslations } from "next-intl/server";
import type { Locale } from "@/i18n/config";
import type { PageText } from "./html";
import type { PreferenceCenterSettings } from "./schema";

export async function preferencePageText(
  locale: Locale,
  look: Pick<PreferenceCenterSettings, "introEn" | "introDe">,
): Promise<PageText> {
  const t = await getTranslations({ locale, namespace: "preferences" });
  const catalog = await getTranslations({ locale, namespace: "purposes" });
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
    save: t("save"),
    saved: (count) => t("saved", { count }),
    stale: t("stale"),
    empty: t("empty"),
  };
}
