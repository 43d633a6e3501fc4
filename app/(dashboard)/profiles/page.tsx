import { IndustryNote } from "@/components/ui/industry-note";
import { ProfileChange } from "@/components/profiles/profile-change";
import { getProfileChange } from "@/lib/metrics/trends";
import { DashboardTitle } from "@/components/ui/dashboard-title";
import { ClientMessages } from "@/components/i18n/client-messages";
import { pageTitle } from "@/components/ui/page-title";
import { prefetchFiltered, Prefetched } from "@/components/ui/prefetched";
import Link from "next/link";
import { after } from "next/server";
import { getLocale, getTranslations } from "next-intl/server";
import { purposeNames } from "@/lib/purposes/names";
import { Suspense } from "react";
import { ProfilesDashboard } from "@/components/profiles/profiles-dashboard";
import { hasRole } from "@/lib/auth/permissions";
import { requireRole } from "@/lib/auth/session";
import { getProfileMetrics } from "@/lib/metrics/profiles";
import { cachedFigures, figuresMaxAge } from "@/lib/figures-cache";
import { resumeRescoreJobs } from "@/lib/profiles/model";
import { isoDay, now } from "@/lib/clock";
import type { PageSearchParams } from "@/lib/filters/core";
import { profileFilter } from "@/lib/filters/profiles";

export const generateMetadata = pageTitle((t) => t("nav.profiles"));

export default async function ProfilesPage({ searchParams }: { searchParams: PageSearchParams }) {
  const { user, db } = await requireRole("marketing", "/profiles");
  const t = await getTranslations("profiles");
  const today = isoDay(now());
  // The dashboard's one filter module; with issues, the client shows them and nothing is read.
  const { initial, cache } = await prefetchFiltered(
    db,
    "profiles",
    profileFilter,
    searchParams,
    today,
    (values) => getProfileMetrics(db, values),
  );
  const locale = await getLocale();
  const page = await cachedFigures(db, `profiles-page:${today}:${locale}`, async () => ({
    names: await purposeNames(db, locale),
    change: await getProfileChange(db, today),
  }));
  const { names, change } = page.value;
  // A rescoring job left behind by a stopped instance is picked up by whoever comes next.
  after(() => resumeRescoreJobs(db));
  return (
    <>
      <DashboardTitle title={t("title")} />
      <p className="lead">{t("intro")}</p>
      <Prefetched state={cache}>
        <Suspense>
          <ClientMessages namespaces={["profiles", "sources", "figures", "filterMessages"]}>
            <ProfilesDashboard
              today={today}
              initialFilter={initial}
              purposeNames={names}
              readAt={{
                asOf: [page.asOf.toISOString()],
                maxAge: figuresMaxAge(),
              }}
            />
          </ClientMessages>
        </Suspense>
      </Prefetched>
      <ProfileChange change={change} />
      <IndustryNote place="share360" />
      {hasRole(user.role, "admin") && (
        <p>
          <Link href="/admin/profiles">{t("editModel")}</Link>
        </p>
      )}
    </>
  );
}
