"use client";
import { useTranslations } from "next-intl";

/** What a page that failed says, with a button that renders it again. */
export function ErrorContent({ reset }: { reset: () => void }) {
  const t = useTranslations("error");
  return (
    <>
      <h1>{t("title")}</h1>
      <p>{t("body")}</p>
      <button type="button" onClick={reset}>
        {t("retry")}
      </button>
    </>
  );
}
