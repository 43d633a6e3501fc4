import "server-only";
/**
 * The preference page's sentences in one language, with the admin's introduction if any. The
 * page is not a React page: it takes its translators straight from the message files, made once
 * per language and kept (their compiled messages with them), instead of asking next-intl's
 * request configuration three times a view. They hold only what the build ships.
 */
import { createTranslator } from "use-intl/core";
import type { Locale } from "@/i18n/config";
import de from "@/messages/de.json";
import en from "@/messages/en.json";
import type { PageText } from "./html";
import type { PreferenceCenterSettings } from "./schema";

function translatorsFor(locale: Locale) {
  const messages = locale === "de" ? de : en;
  const base = { locale, messages, timeZone: "UTC" };
  return {
    t: createTranslator({ ...base, namespace: "preferences" }),
    catalog: createTranslator({ ...base, namespace: "purposes" }),
  };
}

const made = new Map<Locale, ReturnType<typeof translatorsFor>>();

/** The page's translators in `locale` (its own sentences, and the catalog's names). */
export function preferenceTranslators(locale: Locale): ReturnType<typeof translatorsFor> {
  let translators = made.get(locale);
  if (!translators) made.set(locale, (translators = translatorsFor(locale)));
  return translators;
}

export function preferencePageText(
  locale: Locale,
  look: Pick<PreferenceCenterSettings, "introEn" | "introDe">,
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
    save: t("save"),
    saved: (count) => t("saved", { count }),
    stale: t("stale"),
    empty: t("empty"),
  };
}
