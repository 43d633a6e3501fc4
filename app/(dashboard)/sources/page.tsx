import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { ClientMessages } from "@/components/i18n/client-messages";
import { QueryProvider } from "@/components/query-provider";
import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { SourcesDashboard } from "@/components/sources/sources-dashboard";
import { requireRole } from "@/lib/auth/session";
import { isoDay, now } from "@/lib/clock";
import { getSourceMetrics } from "@/lib/metrics/sources";
import { makeQueryClient } from "@/lib/query-client";
import { metricsQueryKey } from "@/lib/query-keys";
import { listSources, sourceStatus } from "@/lib/sources";
import { parties, sourceChannels } from "@/lib/sources/schema";
import { parseFilter, type PageSearchParams } from "@/lib/filters/core";
import { sourceFilter, sourceStatusValues } from "@/lib/filters/sources";
import { FilterIssues } from "@/components/ui/filter-issues";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("sources") };
}

export default async function SourcesPage({ searchParams }: { searchParams: PageSearchParams }) {
  const { db } = await requireRole("marketing", "/sources");
  const t = await getTranslations("sources");
  const format = await getFormatter();
  const today = isoDay(now());
  // The inventory's one filter module; a refused key is left out and named above the table.
  const parsed = parseFilter(sourceFilter, await searchParams, today);
  const filter = parsed.values;

  const queryClient = makeQueryClient();
  await queryClient.prefetchQuery({
    queryKey: metricsQueryKey("sources"),
    queryFn: () => getSourceMetrics(db, today),
  });
  const sources = await listSources(db, filter, today);
  const exportQuery = parsed.query;

  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("intro")}</p>
      <QueryProvider>
        <HydrationBoundary state={dehydrate(queryClient)}>
          <ClientMessages namespaces={["sources"]}>
            <SourcesDashboard />
          </ClientMessages>
        </HydrationBoundary>
      </QueryProvider>

      <h2 id="inventory">{t("table")}</h2>
      <form className="toolbar" method="get" action="/sources#inventory" aria-label={t("filter")}>
        <div className="field">
          <label htmlFor="f-party">{t("party")}</label>
          <select id="f-party" name="party" defaultValue={filter.party ?? ""}>
            <option value="">{t("all")}</option>
            {parties.map((p) => (
              <option key={p} value={p}>
                {t(`parties.${p}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-channel">{t("channel")}</label>
          <select id="f-channel" name="channel" defaultValue={filter.channel ?? ""}>
            <option value="">{t("all")}</option>
            {sourceChannels.map((c) => (
              <option key={c} value={c}>
                {t(`channels.${c}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-status">{t("status")}</label>
          <select id="f-status" name="status" defaultValue={filter.status ?? ""}>
            <option value="">{t("all")}</option>
            {sourceStatusValues.map((s) => (
              <option key={s} value={s}>
                {t(`statuses.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{t("filter")}</button>
        <Link href="/sources#inventory">{t("clear")}</Link>
        <a href={`/sources/export?${exportQuery}`} download>
          {t("exportCsv")}
        </a>
      </form>
      {parsed.issues.length > 0 && (
        <FilterIssues title={t("filterInvalid")} issues={parsed.issues} />
      )}
      <p className="muted">{t("count", { count: sources.length })}</p>
      {sources.length === 0 ? (
        <p>{t("empty")}</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="sources-table">
            <thead>
              <tr>
                <th scope="col">{t("name")}</th>
                <th scope="col">{t("party")}</th>
                <th scope="col">{t("category")}</th>
                <th scope="col">{t("channel")}</th>
                <th scope="col">{t("volume")}</th>
                <th scope="col">{t("cookieBased")}</th>
                <th scope="col">{t("status")}</th>
                <th scope="col">{t("activeFrom")}</th>
              </tr>
            </thead>
            <tbody>
              {sources.map((s) => (
                <tr key={s.key} data-testid={`source-row-${s.key}`}>
                  <td>{s.name}</td>
                  <td>{t(`parties.${s.party}`)}</td>
                  <td>{t(`categories.${s.category as "crm"}`)}</td>
                  <td>{t(`channels.${s.channel}`)}</td>
                  <td>{format.number(s.monthlyVolume)}</td>
                  <td>{s.cookieBased ? t("yes") : t("no")}</td>
                  <td>{t(`statuses.${sourceStatus(s, today)}`)}</td>
                  <td>{s.activeFrom}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
