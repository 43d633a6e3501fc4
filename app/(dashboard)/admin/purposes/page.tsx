import { pageTitle } from "@/components/ui/page-title";
import type { PageSearchParams } from "@/lib/filters/core";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { filterFieldsOf, InputField, SelectField } from "@/components/ui/field";
import { DataTable } from "@/components/ui/data-table";
import { requireRole } from "@/lib/auth/session";
import { getPurposeRow, listPurposes } from "@/lib/purposes";
import { singleValues } from "@/lib/search-params";
import {
  functionalAreas,
  legalBases,
  purposeKeySchema,
  purposeStatuses,
} from "@/lib/purposes/schema";
import { parseFilter } from "@/lib/filters/core";
import { purposeFilter } from "@/lib/filters/purposes";
import { withoutTableKeys } from "@/lib/filters/table";
import { FilterIssues } from "@/components/ui/filter-issues";
import { isoDay, now } from "@/lib/clock";
import { PageHeader } from "@/components/ui/page-header";

export const generateMetadata = pageTitle((t) => t("nav.purposes"));

export default async function PurposesPage({ searchParams }: { searchParams: PageSearchParams }) {
  const { db } = await requireRole("admin", "/admin/purposes");
  const t = await getTranslations("purposes");
  const params = await searchParams;
  const { sort, gone } = singleValues(params);
  // The catalog's one filter module: a refused value is left out and named above the table,
  // the others still apply.
  const { gone: _notice, ...filterParams } = params;
  const parsed = parseFilter(purposeFilter, withoutTableKeys(filterParams), isoDay(now()));
  const filter = parsed.values;
  const purposes = await listPurposes(db, filter);
  // Said only of a purpose that is gone indeed (the address is anyone's to type).
  const goneKey = purposeKeySchema.safeParse(gone).data;
  const deleted = goneKey && !(await getPurposeRow(db, goneKey)) ? goneKey : undefined;

  const { input, select } = filterFieldsOf(filter, t("all"));
  return (
    <>
      <PageHeader
        title={t("title")}
        lead={t("intro")}
        action={{ href: "/admin/purposes/new", label: t("new") }}
      />
      {deleted && (
        <p className="notice error" role="status" data-testid="purpose-gone">
          {t("gone", { key: deleted })}
        </p>
      )}
      <form className="toolbar" method="get" role="search" aria-label={t("filter")}>
        {/* A new filter starts on the first page, in the order the table was sorted by. */}
        {sort && <input type="hidden" name="sort" value={sort} />}
        <InputField
          {...input("q", "filter-q")}
          label={t("search")}
          type="search"
          placeholder={t("searchHint")}
        />
        <SelectField
          {...select("functionalArea", "filter-area")}
          label={t("columns.functionalArea")}
          options={functionalAreas}
          optionLabel={(a) => t(`areas.${a}`)}
        />
        <SelectField
          {...select("status", "filter-status")}
          label={t("columns.status")}
          options={purposeStatuses}
          optionLabel={(s) => t(`statuses.${s}`)}
        />
        <SelectField
          {...select("legalBasis", "filter-basis")}
          label={t("columns.legalBasis")}
          options={legalBases}
          optionLabel={(b) => t(`legalBases.${b}`)}
        />
        <button type="submit">{t("filter")}</button>
        <Link href="/admin/purposes">{t("clear")}</Link>
      </form>
      {parsed.issues.length > 0 && (
        <FilterIssues title={t("filterInvalid")} issues={parsed.issues} />
      )}
      <p className="muted" aria-live="polite">
        {t("count", { count: purposes.length })}
      </p>
      <DataTable
        id="purposes"
        rows={purposes}
        params={params}
        path="/admin/purposes"
        defaultSort="name"
        empty={t("empty")}
        rowKey={(p) => p.key}
        rowProps={(p) => ({ "data-testid": `purpose-row-${p.key}` })}
        columns={[
          {
            id: "name",
            header: t("columns.name"),
            sort: (p) => p.name,
            cell: (p) => <Link href={`/admin/purposes/${p.key}`}>{p.name}</Link>,
          },
          {
            id: "key",
            header: t("columns.key"),
            sort: (p) => p.key,
            cell: (p) => <code>{p.key}</code>,
          },
          {
            id: "area",
            header: t("columns.functionalArea"),
            text: (p) => t(`areas.${p.functionalArea}`),
          },
          {
            id: "basis",
            header: t("columns.legalBasis"),
            text: (p) => t(`legalBases.${p.legalBasis}`),
          },
          {
            id: "status",
            header: t("columns.status"),
            sort: (p) => t(`statuses.${p.status}`),
            cell: (p) => (
              <span className={`status status-${p.status}`}>{t(`statuses.${p.status}`)}</span>
            ),
          },
          {
            id: "version",
            header: t("columns.version"),
            numeric: true,
            sort: (p) => p.version,
            cell: (p) => p.version,
          },
          {
            header: t("columns.dataCategories"),
            cell: (p) => p.dataCategories.map((c) => t(`categories.${c}`)).join(", ") || t("none"),
          },
          {
            id: "retention",
            header: t("columns.retentionDays"),
            sort: (p) => p.retentionDays,
            cell: (p) => t("days", { count: p.retentionDays }),
          },
        ]}
      />
    </>
  );
}
