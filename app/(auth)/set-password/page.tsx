import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PasswordForm } from "@/components/accounts/password-form";
import { ClientMessages } from "@/components/i18n/client-messages";
import { withoutSignIn } from "@/lib/auth/session";
import { userOfPasswordLink } from "@/lib/accounts";
import { setPasswordWithLinkAction } from "../account/password/actions";
import { DemoNotice } from "@/components/shell/demo-notice";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  // The token is in the address: no referrer may carry it to another site.
  return { title: (await getTranslations("account"))("linkTitle"), referrer: "no-referrer" };
}

export default async function SetPasswordPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { token } = await searchParams;
  const t = await getTranslations("account");
  const value = typeof token === "string" ? token : "";
  // The token in the address is the permission; lib/accounts checks it.
  const { db } = await withoutSignIn();
  const user = value ? await userOfPasswordLink(db, value, new Date()) : undefined;
  return (
    <main className="auth-page" id="main">
      <div className="stack auth-column">
        <DemoNotice />
        {user ? (
          <ClientMessages namespaces={["account", "validation"]}>
            <PasswordForm
              action={setPasswordWithLinkAction}
              token={value}
              email={user.email}
              title={t("linkTitle")}
              intro={t("linkIntro", { email: user.email })}
            />
          </ClientMessages>
        ) : (
          <>
            <h1>{t("linkTitle")}</h1>
            <p className="notice error" role="alert">
              {t("linkInvalid")}
            </p>
          </>
        )}
      </div>
    </main>
  );
}
