import { pageTitle } from "@/components/ui/page-title";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { parseFilter, type PageSearchParams } from "@/lib/filters/core";
import { auditFilter } from "@/lib/filters/audit";
import { entityTypes, listAuditEvents } from "@/lib/audit/query";
import { requireRole } from "@/lib/auth/session";
import { isoDay, now } from "@/lib/clock";
import { EARLIEST_DAY, latestDay } from "@/lib/date-range";
import { filterFieldsOf, InputField, SelectField } from "@/components/ui/field";
import { Table } from "@/components/ui/table";

export const generateMetadata = pageTitle("nav", "audit");

export default async function AuditPage({ searchParams }: { searchParams: PageSearchParams }) {
  const { db } = await requireRole("privacy", "/audit");
  const t = await getTranslations("audit");
  const format = await getFormatter();
  const today = isoDay(now());
  // The audit log's one filter module; a refused key is left out and named below the filters.
  const parsed = parseFilter(auditFilter, await searchParams, today);
  const filter = parsed.values;
  const invalid = [...new Set(parsed.issues.map((issue) => issue.path))];
  const events = await listAuditEvents(db, filter);
  const exportQuery = parsed.query;

  const { input, select } = filterFieldsOf(filter, t("all"));
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("intro")}</p>
      <form className="toolbar" method="get" aria-label={t("filters")}>
        <InputField {...input("actor", "audit-actor")} label={t("actorFilter")} />
        <SelectField
          {...select("entityType", "audit-entity")}
          label={t("entityFilter")}
          options={entityTypes}
          optionLabel={(e) => e}
        />
        <InputField {...input("action", "audit-action")} label={t("actionFilter")} />
        {(["from", "to"] as const).map((end) => (
          <InputField
            key={end}
            id={`audit-${end}`}
            name={end}
            label={t(end)}
            type="date"
            min={EARLIEST_DAY}
            max={latestDay(today)}
            defaultValue={filter[end] ?? ""}
          />
        ))}
        <button type="submit">{t("apply")}</button>
        <Link href="/audit">{t("clear")}</Link>
        <a href={`/audit/export?${exportQuery}`} download>
          {t("export")}
        </a>
      </form>
      {invalid.length > 0 && (
        <p className="notice error" role="status">
          {t("badFilter", { fields: invalid.join(", ") })}
        </p>
      )}
      {events.length > 0 && <p className="muted">{t("showing", { count: events.length })}</p>}
      <Table
        data-testid="audit-table"
        rows={events}
        empty={t("empty")}
        rowKey={(e) => e.id}
        columns={[
          {
            header: t("when"),
            cell: (e) =>
              format.dateTime(e.occurredAt, { dateStyle: "medium", timeStyle: "medium" }),
          },
          {
            header: t("who"),
            cell: (e) => (
              <>
                {e.actorLabel} <span className="muted">({e.actorType})</span>
              </>
            ),
          },
          { header: t("action"), cell: (e) => <code>{e.action}</code> },
          {
            header: t("entity"),
            cell: (e) => (
              <>
                {e.entityType}
                {e.entityId ? <span className="muted"> {e.entityId}</span> : null}
              </>
            ),
          },
        ]}
      />
    </>
  );
}
