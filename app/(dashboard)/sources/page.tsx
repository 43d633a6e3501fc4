import { ClientMessages } from "@/components/i18n/client-messages";
import { pageTitle } from "@/components/ui/page-title";
import { prefetch, Prefetched } from "@/components/ui/prefetched";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { SourcesDashboard } from "@/components/sources/sources-dashboard";
import { requireRole } from "@/lib/auth/session";
import { isoDay, now } from "@/lib/clock";
import { getSourceMetrics } from "@/lib/metrics/sources";
import { metricsQueryKey } from "@/lib/query-keys";
import { listSources, sourceStatus } from "@/lib/sources";
import { parties, sourceChannels } from "@/lib/sources/schema";
import { parseFilter, type PageSearchParams } from "@/lib/filters/core";
import { sourceFilter, sourceStatusValues } from "@/lib/filters/sources";
import { FilterIssues } from "@/components/ui/filter-issues";
import { filterFieldsOf, SelectField } from "@/components/ui/field";
import { Table } from "@/components/ui/table";

export const generateMetadata = pageTitle("nav", "sources");

export default async function SourcesPage({ searchParams }: { searchParams: PageSearchParams }) {
  const { db } = await requireRole("marketing", "/sources");
  const t = await getTranslations("sources");
  const format = await getFormatter();
  const today = isoDay(now());
  // The inventory's one filter module; a refused key is left out and named above the table.
  const parsed = parseFilter(sourceFilter, await searchParams, today);
  const filter = parsed.values;

  const cache = await prefetch(metricsQueryKey("sources"), () => getSourceMetrics(db, today));
  const sources = await listSources(db, filter, today);
  const exportQuery = parsed.query;

  const { select } = filterFieldsOf(filter, t("all"));
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("intro")}</p>
      <Prefetched state={cache}>
        <ClientMessages namespaces={["sources"]}>
          <SourcesDashboard />
        </ClientMessages>
      </Prefetched>

      <h2 id="inventory">{t("table")}</h2>
      <form className="toolbar" method="get" action="/sources#inventory" aria-label={t("filter")}>
        <SelectField
          {...select("party", "f-party")}
          label={t("party")}
          options={parties}
          optionLabel={(p) => t(`parties.${p}`)}
        />
        <SelectField
          {...select("channel", "f-channel")}
          label={t("channel")}
          options={sourceChannels}
          optionLabel={(c) => t(`channels.${c}`)}
        />
        <SelectField
          {...select("status", "f-status")}
          label={t("status")}
          options={sourceStatusValues}
          optionLabel={(s) => t(`statuses.${s}`)}
        />
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
      <Table
        data-testid="sources-table"
        rows={sources}
        empty={t("empty")}
        rowKey={(s) => s.key}
        rowProps={(s) => ({ "data-testid": `source-row-${s.key}` })}
        columns={[
          { header: t("name"), cell: (s) => s.name },
          { header: t("party"), cell: (s) => t(`parties.${s.party}`) },
          { header: t("category"), cell: (s) => t(`categories.${s.category as "crm"}`) },
          { header: t("channel"), cell: (s) => t(`channels.${s.channel}`) },
          { header: t("volume"), cell: (s) => format.number(s.monthlyVolume) },
          { header: t("cookieBased"), cell: (s) => (s.cookieBased ? t("yes") : t("no")) },
          { header: t("status"), cell: (s) => t(`statuses.${sourceStatus(s, today)}`) },
          { header: t("activeFrom"), cell: (s) => s.activeFrom },
        ]}
      />
    </>
  );
}
