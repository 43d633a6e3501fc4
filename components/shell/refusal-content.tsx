import Link from "next/link";
import { getTranslations } from "next-intl/server";

const namespaces = { 403: "forbidden", 404: "notFound" } as const;

/** What a 403 or 404 says, inside the app's layout or (outside it) on its own. */
export async function RefusalContent({ status }: { status: keyof typeof namespaces }) {
  const t = await getTranslations(namespaces[status]);
  return (
    <>
      <p className="muted">{status}</p>
      <h1>{t("title")}</h1>
      <p>{t("body")}</p>
      <Link href="/">{t("back")}</Link>
    </>
  );
}
