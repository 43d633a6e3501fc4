import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { ClientMessages } from "@/components/i18n/client-messages";
import { QueryProvider } from "@/components/query-provider";
import type { Metadata } from "next";
import Link from "next/link";
import { after } from "next/server";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { ProfilesDashboard } from "@/components/profiles/profiles-dashboard";
import { hasRole } from "@/lib/auth/permissions";
import { requireRole } from "@/lib/auth/session";
import { getProfileMetrics } from "@/lib/metrics/profiles";
import { resumeRescoreJobs } from "@/lib/profiles/model";
import { profileFilterSchema } from "@/lib/profiles/schema";
import { makeQueryClient } from "@/lib/query-client";
import { profileQueryKey, profileQueryString } from "@/lib/query-keys";
import { singleValues } from "@/lib/search-params";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("profiles") };
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function ProfilesPage({ searchParams }: { searchParams: SearchParams }) {
  const { user, db } = await requireRole("marketing", "/profiles");
  const t = await getTranslations("profiles");
  const qs = profileQueryString(singleValues(await searchParams));
  const filter = profileFilterSchema.parse(Object.fromEntries(new URLSearchParams(qs)));
  const queryClient = makeQueryClient();
  await queryClient.prefetchQuery({
    queryKey: profileQueryKey(qs),
    queryFn: () => getProfileMetrics(db, filter),
  });
  // A rescoring job left behind by a stopped instance is picked up by whoever comes next.
  after(() => resumeRescoreJobs(db));
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("intro")}</p>
      <QueryProvider>
        <HydrationBoundary state={dehydrate(queryClient)}>
          <Suspense>
            <ClientMessages namespaces={["profiles", "sources"]}>
              <ProfilesDashboard />
            </ClientMessages>
          </Suspense>
        </HydrationBoundary>
      </QueryProvider>
      {hasRole(user.role, "admin") && (
        <p>
          <Link href="/admin/profiles">{t("editModel")}</Link>
        </p>
      )}
    </>
  );
}
