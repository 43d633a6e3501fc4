import { DashboardTitle } from "@/components/ui/dashboard-title";
import { ClientMessages } from "@/components/i18n/client-messages";
import { pageTitle } from "@/components/ui/page-title";
import { prefetchFiltered, Prefetched } from "@/components/ui/prefetched";
import { getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { Suspense } from "react";
import { ConsentDashboard } from "@/components/consent/consent-dashboard";
import { OutdatedConsents } from "@/components/consent/outdated-consents";
import { NothingYet } from "@/components/ui/nothing-yet";
import { PreferenceFunnel } from "@/components/consent/preference-funnel";
import { hasRole } from "@/lib/auth/permissions";
import { requireRole } from "@/lib/auth/session";
import { isoDay, now } from "@/lib/clock";
import { EARLIEST_DAY, intervals, latestDay } from "@/lib/date-range";
import type { PageSearchParams } from "@/lib/filters/core";
import { consentFilter } from "@/lib/filters/consent";
import { resolveFunnelRange } from "@/lib/filters/preference-center";
import { getConsentMetrics, listConsentRegions, listDecidedPurposes } from "@/lib/metrics/consent";
import { getOutdatedConsents } from "@/lib/metrics/reconsent";
import { getPreferenceCenterMetrics } from "@/lib/preferences/funnel";
import { hasPurposes, listPurposes } from "@/lib/purposes";
import { cachedFigures, figuresMaxAge } from "@/lib/figures-cache";
import { purposeNames } from "@/lib/purposes/names";
import { consentChannelValues, consentDefinitionValues, functionalAreaValues } from "@/lib/enums";

export const generateMetadata = pageTitle((t) => t("nav.consent"));

export default async function ConsentPage({ searchParams }: { searchParams: PageSearchParams }) {
  const { user, db } = await requireRole("marketing", "/consent");
  const t = await getTranslations("consent");
  // Finding a customer's consent history (privacy officers) needs no purpose: profiles may be
  // there before the catalog is.
  const lookup = hasRole(user.role, "privacy") && (
    <section className="panel" aria-labelledby="lookup-title">
      <h2 id="lookup-title">{t("lookup")}</h2>
      <p className="muted">{t("lookupHint")}</p>
      <form className="inline" action="/consent/subjects" method="get" role="search">
        <label htmlFor="lookup-subject">{t("lookupLabel")}</label>
        <input id="lookup-subject" name="q" type="search" required maxLength={200} />
        <button type="submit">{t("lookupButton")}</button>
      </form>
    </section>
  );
  if (!(await hasPurposes(db))) {
    // A new instance: consent is counted per purpose of the catalog, and there is none yet.
    const admin = hasRole(user.role, "admin");
    return (
      <>
        <DashboardTitle title={t("title")} />
        <p className="lead">{t("intro")}</p>
        <NothingYet
          testId="consent-no-purposes"
          title={t("noPurposes")}
          text={admin ? t("noPurposesAdmin") : t("noPurposesReader")}
          links={
            admin
              ? [
                  { href: "/admin/purposes/new", label: t("addPurpose") },
                  { href: "/admin/imports", label: t("importConsent") },
                ]
              : []
          }
        />
        {lookup}
      </>
    );
  }
  const today = isoDay(now());
  // The dashboard's one filter module; with issues, the client shows them and nothing is read.
  const { initial, cache } = await prefetchFiltered(
    db,
    "consent",
    consentFilter,
    searchParams,
    today,
    (values) => getConsentMetrics(db, values, today),
  );
  // Purposes by the name the reader's language gives them (figures keep their keys).
  const locale = await getLocale();
  const page = await cachedFigures(db, `consent-page:${today}:${locale}`, async () => {
    const names = await purposeNames(db, locale);
    const [catalog, decided, regions, funnel, outdated] = await Promise.all([
      listPurposes(db),
      listDecidedPurposes(db),
      listConsentRegions(db),
      getPreferenceCenterMetrics(db, resolveFunnelRange({}, today)),
      getOutdatedConsents(db),
    ]);
    // The purposes on consent, and every other one that has decisions: the figures count those
    // on any legal basis, and each must be choosable.
    const options = catalog.map((p) => ({
      key: p.key,
      name: p.name,
      choosable: p.legalBasis === "consent" || decided.has(p.key),
    }));
    return { names, options, regions, funnel, outdated };
  });
  const { names, options, regions, funnel, outdated } = page.value;
  // A link naming another purpose of the catalog is offered it too, rather than showing "All".
  const asked = new URLSearchParams(initial.raw).get("purpose");
  const purposes = options
    .filter((p) => p.choosable || p.key === asked)
    .map((p) => ({ value: p.key, label: names[p.key] ?? p.name }));

  return (
    <>
      <DashboardTitle title={t("title")} />
      <p className="lead">
        {t("intro")} <Link href="/definitions">{t("definitionsLink")}</Link>
      </p>
      <Prefetched state={cache}>
        <Suspense
          fallback={
            <div className="skeleton chart-skeleton" aria-busy="true" aria-label={t("loading")} />
          }
        >
          <ClientMessages namespaces={["consent", "purposes", "figures", "filterMessages"]}>
            <ConsentDashboard
              purposes={purposes}
              areas={functionalAreaValues}
              regions={regions}
              channels={consentChannelValues}
              definitions={consentDefinitionValues}
              intervals={intervals}
              dateBounds={{ min: EARLIEST_DAY, max: latestDay(today) }}
              today={today}
              initialFilter={initial}
              readAt={{
                asOf: [page.asOf.toISOString()],
                maxAge: figuresMaxAge(),
              }}
            />
          </ClientMessages>
        </Suspense>
      </Prefetched>
      <OutdatedConsents rows={outdated.map((r) => ({ ...r, name: names[r.key] ?? r.name }))} />
      <PreferenceFunnel
        metrics={{
          ...funnel,
          byPurpose: funnel.byPurpose.map((p) => ({ ...p, name: names[p.key] ?? p.name })),
        }}
      />
      {lookup}
    </>
  );
}
