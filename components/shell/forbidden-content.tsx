import Link from "next/link";
import { getTranslations } from "next-intl/server";

/** What a 403 says, inside the app's layout or on its own. */
export async function ForbiddenContent() {
  const t = await getTranslations("forbidden");
  return (
    <>
      <p className="muted">403</p>
      <h1>{t("title")}</h1>
      <p>{t("body")}</p>
      <Link href="/">{t("back")}</Link>
    </>
  );
}
