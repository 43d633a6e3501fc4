import { DashboardTitle } from "@/components/ui/dashboard-title";
import { ClientMessages } from "@/components/i18n/client-messages";
import { pageTitle } from "@/components/ui/page-title";
import { prefetchFigures, Prefetched } from "@/components/ui/prefetched";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { SourcesDashboard } from "@/components/sources/sources-dashboard";
import { requireRole } from "@/lib/auth/session";
import { isoDay, now } from "@/lib/clock";
import { getSourceMetrics } from "@/lib/metrics/sources";
import { cachedFigures, figuresMaxAge } from "@/lib/figures-cache";
import { hasSources, listSources } from "@/lib/sources";
import { hasRole } from "@/lib/auth/permissions";
import { parties, sourceChannels } from "@/lib/sources/schema";
import { parseFilter, type PageSearchParams } from "@/lib/filters/core";
import { sourceFilter, sourceStatusValues } from "@/lib/filters/sources";
import { FilterIssues } from "@/components/ui/filter-issues";
import { HiddenParams } from "@/components/ui/hidden-params";
import { filterFieldsOf, SelectField } from "@/components/ui/field";
import { DataTable } from "@/components/ui/data-table";
import { withoutTableKeys } from "@/lib/filters/table";
import { sourceColumns } from "@/components/sources/source-columns";
import { PhaseOutSimulator } from "@/components/sources/phase-out-simulator";
import { IndustryNote } from "@/components/ui/industry-note";
import { NothingYet } from "@/components/ui/nothing-yet";
import { purposeNames } from "@/lib/purposes/names";
import { retireFromAddress, simulatePhaseOut } from "@/lib/metrics/phase-out-page";

export const generateMetadata = pageTitle((t) => t("nav.sources"));

export default async function SourcesPage({ searchParams }: { searchParams: PageSearchParams }) {
  const { db, user } = await requireRole("marketing", "/sources");
  const t = await getTranslations("sources");
  if (!(await hasSources(db))) {
    // A new instance: nothing to chart or simulate yet, only where sources come from.
    const admin = hasRole(user.role, "admin");
    return (
      <>
        <DashboardTitle title={t("title")} />
        <p className="lead">{t("intro")}</p>
        <NothingYet
          testId="sources-empty"
          title={t("noSources")}
          text={admin ? t("noSourcesAdmin") : t("noSourcesReader")}
          links={
            admin
              ? [
                  { href: "/admin/sources/new", label: t("addSource") },
                  { href: "/admin/imports", label: t("importSources") },
                ]
              : []
          }
        />
      </>
    );
  }
  const today = isoDay(now());
  // The inventory's one filter module; a refused key is left out and named above the table.
  const all = await searchParams;
  const { retire, ...params } = all;
  const parsed = parseFilter(sourceFilter, withoutTableKeys(params), today);
  const columns = await sourceColumns(today);
  const filter = parsed.values;

  const cache = await prefetchFigures(db, "sources", today, "", () => getSourceMetrics(db, today));
  const exportQuery = parsed.query;
  const locale = await getLocale();
  // The inventory and the simulation by their own filters (the phase-out's in `retire`, read
  // into at most 100 sorted keys: the shared figures are keyed by what they are made of, never
  // by the address as typed).
  const retired = retireFromAddress(retire);
  const page = await cachedFigures(
    db,
    `sources-page:${today}:${locale}:${parsed.query}:${retired.keys.join(",")}`,
    async () => ({
      sources: await listSources(db, filter, today),
      simulation: await simulatePhaseOut(db, retired.keys, today),
      names: await purposeNames(db, locale),
    }),
  );
  const { sources, names } = page.value;
  const simulation = {
    ...page.value.simulation,
    issues: [...retired.issues, ...page.value.simulation.issues],
  };

  const { select } = filterFieldsOf(filter, t("all"));
  return (
    <>
      <DashboardTitle title={t("title")} />
      <p className="lead">{t("intro")}</p>
      <Prefetched state={cache}>
        <ClientMessages namespaces={["sources", "figures", "filterMessages"]}>
          <SourcesDashboard
            readAt={{
              asOf: [page.asOf.toISOString()],
              maxAge: figuresMaxAge(),
            }}
          />
        </ClientMessages>
      </Prefetched>
      <IndustryNote place="firstPartyShare" />
      <IndustryNote place="activeSources" />

      <PhaseOutSimulator {...simulation} purposeNames={names} params={all} />

      <h2 id="inventory">{t("table")}</h2>
      <form className="toolbar" method="get" action="/sources#inventory" aria-label={t("filter")}>
        {/* The phase-out chosen above stays as it is. */}
        <HiddenParams params={all} keep={(key) => key === "retire"} />
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
      <DataTable
        id="sources"
        data-testid="sources-table"
        rows={sources}
        params={all}
        path="/sources"
        defaultSort="name"
        pageSize={50}
        empty={t("empty")}
        rowKey={(s) => s.key}
        rowProps={(s) => ({ "data-testid": `source-row-${s.key}` })}
        columns={[
          { id: "name", header: t("name"), text: (s) => s.name },
          columns.party,
          {
            id: "category",
            header: t("category"),
            text: (s) => t(`categories.${s.category as "crm"}`),
          },
          { id: "channel", header: t("channel"), text: (s) => t(`channels.${s.channel}`) },
          columns.volume,
          {
            id: "cookies",
            header: t("cookieBased"),
            text: (s) => (s.cookieBased ? t("yes") : t("no")),
          },
          columns.status,
          columns.activeFrom,
        ]}
      />
    </>
  );
}
