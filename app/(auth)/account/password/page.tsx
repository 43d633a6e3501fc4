import { pageTitle } from "@/components/ui/page-title";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { PasswordForm } from "@/components/accounts/password-form";
import { ClientMessages } from "@/components/i18n/client-messages";
import { getCurrentUser } from "@/lib/auth/session";
import { changePasswordAction, endOtherSessionsAction } from "./actions";
import { ActionButton } from "@/components/ui/action-button";
import { DemoNotice } from "@/components/shell/demo-notice";
import { SignOutButton } from "@/components/shell/sign-out-button";

export const dynamic = "force-dynamic";

export const generateMetadata = pageTitle((t) => t("account.changeTitle"));

// Outside the dashboard layout on purpose: users who must replace a temporary password are
// sent here from every other page, and this page must not send them on.
export default async function ChangePasswordPage({
  searchParams,
}: {
  searchParams: Promise<{ notice?: string | string[] }>;
}) {
  const user = await getCurrentUser();
  if (!user) redirect("/login?callbackUrl=/account/password");
  const t = await getTranslations("account");
  const nav = await getTranslations("nav");
  return (
    <main className="auth-page" id="main">
      <div className="stack auth-column">
        <DemoNotice />
        <ClientMessages namespaces={["account", "validation"]}>
          <PasswordForm
            action={changePasswordAction}
            email={user.email}
            title={user.mustChangePassword ? t("firstTitle") : t("changeTitle")}
            intro={user.mustChangePassword ? t("firstIntro") : t("changeIntro")}
          />
        </ClientMessages>
        {!user.mustChangePassword && (
          <section className="card" aria-labelledby="other-sessions">
            <h2 id="other-sessions">{t("elsewhereTitle")}</h2>
            {(await searchParams).notice === "signedOutElsewhere" && (
              <p role="status" className="notice">
                {t("elsewhereDone")}
              </p>
            )}
            <ActionButton
              action={endOtherSessionsAction}
              help={t("elsewhereIntro")}
              className="secondary"
            >
              {t("elsewhere")}
            </ActionButton>
          </section>
        )}
        {user.mustChangePassword ? (
          // On a shared machine, or to come back later: the only way out from here.
          <p>
            <SignOutButton label={nav("signOut")} failed={nav("signOutFailed")} />
          </p>
        ) : (
          <p>
            <Link href="/">{t("back")}</Link>
          </p>
        )}
      </div>
    </main>
  );
}
