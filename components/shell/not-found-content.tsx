import Link from "next/link";
import { getTranslations } from "next-intl/server";

/** What a 404 says, inside the app's layout or (signed out) on its own. */
export async function NotFoundContent() {
  const t = await getTranslations("notFound");
  return (
    <>
      <p className="muted">404</p>
      <h1>{t("title")}</h1>
      <p>{t("body")}</p>
      <Link href="/">{t("back")}</Link>
    </>
  );
}
