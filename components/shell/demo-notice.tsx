import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { demoAccountsEnabled } from "@/lib/users";

/** Shown on every page while the demo accounts (whose password is public) can sign in. */
export async function DemoNotice() {
  if (!(await demoAccountsEnabled(await getDb()))) return null;
  const t = await getTranslations("app");
  return (
    <p className="demo-notice" role="note" data-testid="demo-notice">
      <strong>{t("demoTitle")}</strong> {t("demoText")}
    </p>
  );
}
