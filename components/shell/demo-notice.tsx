import { getTranslations } from "next-intl/server";
import { isDemoInstance } from "@/lib/users/demo-mode";

/** Shown on every page while the demo accounts (whose password is public) can sign in. */
export async function DemoNotice() {
  if (!(await isDemoInstance())) return null;
  const t = await getTranslations("app");
  return (
    <p className="demo-notice" role="note" data-testid="demo-notice">
      <strong>{t("demoTitle")}</strong> {t("demoText")}
    </p>
  );
}
