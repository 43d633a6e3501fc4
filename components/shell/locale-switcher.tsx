"use client";
import { useLocale, useTranslations } from "next-intl";
import { useTransition } from "react";
import { locales, type Locale } from "@/i18n/config";

const names: Record<Locale, string> = { en: "English", de: "Deutsch" };

export function LocaleSwitcher({ setLocale }: { setLocale: (locale: Locale) => Promise<void> }) {
  const t = useTranslations("nav");
  const current = useLocale();
  const [pending, startTransition] = useTransition();
  return (
    <div className="field">
      <label htmlFor="locale">{t("language")}</label>
      <select
        id="locale"
        value={current}
        disabled={pending}
        onChange={(event) => {
          const next = event.target.value as Locale;
          startTransition(() => setLocale(next));
        }}
      >
        {locales.map((locale) => (
          <option key={locale} value={locale} lang={locale}>
            {names[locale]}
          </option>
        ))}
      </select>
    </div>
  );
}
