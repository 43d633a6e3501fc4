import Link from "next/link";
import { getTranslations } from "next-intl/server";

export default async function NotFound() {
  const t = await getTranslations("notFound");
  return (
    <main className="centered" id="main">
      <p className="muted">404</p>
      <h1>{t("title")}</h1>
      <p>{t("body")}</p>
      <Link href="/">{t("back")}</Link>
    </main>
  );
}
