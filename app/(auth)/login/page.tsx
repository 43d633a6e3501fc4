import { pageTitle } from "@/components/ui/page-title";
import { ClientMessages } from "@/components/i18n/client-messages";
import { redirect } from "next/navigation";
import { safeCallback } from "@/lib/auth/callback";
import { landingFromAnotherSiteAt } from "@/lib/consent/look-up-path";
import { openedFromAnotherSite } from "@/lib/http";
import { getCurrentUser } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { LoginForm } from "@/components/accounts/login-form";
import { DemoNotice } from "@/components/shell/demo-notice";
import { TimeZoneSync } from "@/components/shell/time-zone-sync";

export const dynamic = "force-dynamic";

export const generateMetadata = pageTitle((t) => t("login.title"));

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  // A look-up named by a link from another site is asked for again after signing in, as when
  // the link leads to the look-up itself (proxy.ts): the sign-in page's return comes from this
  // site, so the page could not tell.
  const asked = safeCallback(params.callbackUrl);
  const callbackUrl = (await openedFromAnotherSite()) ? landingFromAnotherSiteAt(asked) : asked;
  if (await getCurrentUser()) redirect(callbackUrl);
  const error = typeof params.error === "string" ? params.error : undefined;
  const oidc = env().oidc;
  return (
    <main className="auth-page" id="main">
      <ClientMessages namespaces={["login"]}>
        <div className="stack auth-column">
          <TimeZoneSync refresh={false} />
          <DemoNotice />
          <LoginForm
            callbackUrl={callbackUrl}
            initialError={error}
            initialNotice={params.notice === "passwordSet" ? "passwordSet" : undefined}
            sso={oidc ? { id: "oidc", name: oidc.name } : undefined}
          />
        </div>
      </ClientMessages>
    </main>
  );
}
