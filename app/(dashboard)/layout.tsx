import { getTranslations } from "next-intl/server";
import { LocaleSwitcher } from "@/components/shell/locale-switcher";
import { NavLinks } from "@/components/shell/nav-links";
import { SiteMenu } from "@/components/shell/site-menu";
import { SignOutButton } from "@/components/shell/sign-out-button";
import { DemoNotice } from "@/components/shell/demo-notice";
import { TimeZoneSync } from "@/components/shell/time-zone-sync";
import Link from "next/link";
import { navigationFor, type NavItem } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { setLocale } from "./locale-action";

export const dynamic = "force-dynamic";

// The navigation lists only what the user's role may open; each page checks again itself.
export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  const t = await getTranslations();
  const items = navigationFor(user.role);
  const sections: NavItem["section"][] = ["dashboards", "privacy", "admin"];
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t("app.skipToContent")}
      </a>
      <header className="sidebar">
        <span className="brand">{t("app.name")}</span>
        <SiteMenu label={t("nav.menu")}>
          <nav aria-label={t("nav.label")}>
            {sections.map((section) => {
              const links = items
                .filter((i) => i.section === section)
                .map((i) => ({ href: i.href, label: t(`nav.${i.label}`) }));
              if (links.length === 0) return null;
              return (
                <div key={section}>
                  <h2>{t(`nav.sections.${section}`)}</h2>
                  <NavLinks links={links} />
                </div>
              );
            })}
          </nav>
          <div className="account">
            <span data-testid="current-user">
              {t("nav.signedInAs", { name: user.name || user.email })} ·{" "}
              <span data-testid="current-role">{t(`roles.${user.role}`)}</span>
            </span>
            <Link href="/account/password" className="account-link">
              {t("account.menu")}
            </Link>
            <LocaleSwitcher setLocale={setLocale} />
            <SignOutButton label={t("nav.signOut")} failed={t("nav.signOutFailed")} />
          </div>
        </SiteMenu>
      </header>
      <main id="main">
        <TimeZoneSync />
        <DemoNotice />
        {children}
      </main>
    </div>
  );
}
