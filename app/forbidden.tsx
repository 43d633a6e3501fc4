import Link from "next/link";
import { getTranslations } from "next-intl/server";

export default async function Forbidden() {
  const t = await getTranslations("forbidden");
  return (
    // Rendered inside the dashboard shell, which already provides the page's <main> landmark.
    <div className="centered">
      <p className="muted">403</p>
      <h1>{t("title")}</h1>
      <p>{t("body")}</p>
      <Link href="/">{t("back")}</Link>
    </div>
  );
}
