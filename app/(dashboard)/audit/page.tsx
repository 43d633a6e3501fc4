import { pageTitle } from "@/components/ui/page-title";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { parseFilter, type PageSearchParams } from "@/lib/filters/core";
import { auditFilter, parseAsAuditCursor } from "@/lib/filters/audit";
import { AuditAction } from "@/components/audit/audit-action";
import { AuditChange, AuditDetail } from "@/components/audit/audit-change";
import { entityTypes, listAuditPage, type AuditEntry } from "@/lib/audit/query";
import { isAuditEntityType } from "@/lib/audit/entity-types";
import { auditedSettings } from "@/lib/audit/setting-names";
import { hasRole } from "@/lib/auth/permissions";
import type { Role } from "@/lib/enums";
import { requireRole } from "@/lib/auth/session";
import { isoDay, now } from "@/lib/clock";
import { EARLIEST_DAY, latestDay } from "@/lib/date-range";
import { filterFieldsOf, InputField, SelectField } from "@/components/ui/field";
import { Table } from "@/components/ui/table";
import { formatMoment } from "@/components/ui/format";
import { FilterIssues } from "@/components/ui/filter-issues";
import { readerLocale } from "@/i18n/locale";

export const generateMetadata = pageTitle((t) => t("nav.audit"));

/** A data source's fields under the names its pages give them (`sources.*`). */
const sourceFieldMessages: Record<string, string> = {
  name: "name",
  key: "key",
  party: "party",
  category: "category",
  channel: "channel",
  dataCategories: "dataCategories",
  monthlyVolume: "volume",
  cookieBased: "cookieBased",
  activeFrom: "activeFrom",
  retiredAt: "retiredAt",
  ownerTeam: "ownerTeam",
  notes: "notes",
  linkedPurposes: "linkedPurposes",
};

/** Where an entry's entity is shown, for the roles that may open that page. */
function entityHref(e: AuditEntry, role: Role): string | null {
  if (!e.entityId) return null;
  const id = encodeURIComponent(e.entityId);
  if (e.entityType === "control") return `/laws/controls/${id}`;
  if (e.entityType === "law" || e.entityType === "internal_deadline") return "/laws";
  if (!hasRole(role, "admin")) return null;
  if (e.entityType === "purpose") return `/admin/purposes/${id}`;
  if (e.entityType === "data_source") return `/admin/sources/${id}`;
  if (e.entityType === "user") return "/admin/users";
  if (e.entityType === "setting") return auditedSettings[e.entityId]?.href ?? null;
  if (e.entityType === "api_key") return "/admin/api-keys";
  return null;
}

export default async function AuditPage({ searchParams }: { searchParams: PageSearchParams }) {
  const { db, user } = await requireRole("privacy", "/audit");
  const t = await getTranslations("audit");
  const purposeFields = await getTranslations("purposes.fields");
  const purposeColumns = await getTranslations("purposes.columns");
  const sources = await getTranslations("sources");
  const format = await getFormatter();
  const typeName = (type: string) => (isAuditEntityType(type) ? t(`entityTypes.${type}`) : type);
  // A setting under the name its page gives it (its stored key is shown beside it).
  const settingName = (key: string | null) => {
    const setting = key ? auditedSettings[key] : undefined;
    return setting ? t(`settings.${setting.name}` as "settings.phaseOutTarget") : null;
  };
  // A changed field under the name the purpose and source pages give it, where they give one.
  const fieldLabel = (type: string, field: string): string | undefined => {
    if (type === "purpose" && purposeFields.has(field as "name"))
      return purposeFields(field as "name");
    if (type === "purpose" && field === "version") return purposeColumns("version");
    const message = type === "data_source" ? sourceFieldMessages[field] : undefined;
    return message ? sources(message as "name") : undefined;
  };
  const words = {
    yesNo: (value: boolean) => (value ? t("yes") : t("no")),
    moment: (at: string) => formatMoment(format, at, { seconds: true }),
  };
  const today = isoDay(now());
  // The audit log's one filter module; a refused key is left out and named below the filters.
  const parsed = parseFilter(auditFilter, await searchParams, today);
  const filter = parsed.values;
  const { entries: events, next } = await listAuditPage(
    db,
    filter,
    undefined,
    await readerLocale(),
  );
  // The export takes the whole filtered log, not a page of it.
  const exportQuery = new URLSearchParams(parsed.query);
  exportQuery.delete("cursor");
  const pageQuery = (cursor: string | null) => {
    const query = new URLSearchParams(exportQuery);
    if (cursor) query.set("cursor", cursor);
    return `/audit${query.size ? `?${query}` : ""}`;
  };

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
          optionLabel={typeName}
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
      {parsed.issues.length > 0 && <FilterIssues title={t("badFilter")} issues={parsed.issues} />}
      {events.length > 0 && <p className="muted">{t("page", { count: events.length })}</p>}
      <Table
        data-testid="audit-table"
        rows={events}
        // A filter that matches nothing says so, not that the log is empty.
        empty={exportQuery.size > 0 ? t("emptyFiltered") : t("empty")}
        rowKey={(e) => e.id}
        columns={[
          {
            header: t("when"),
            cell: (e) => formatMoment(format, e.occurredAt, { seconds: true }),
          },
          {
            header: t("who"),
            cell: (e) =>
              e.actorType === "api_key" ? (
                t("apiKey", { name: e.actorName ?? e.actorLabel })
              ) : e.actorType === "system" ? (
                `${t("system")} (${e.actorLabel})`
              ) : e.actorName ? (
                <>
                  <strong>{e.actorName}</strong>{" "}
                  <span className="muted">{e.actorEmail ?? e.actorLabel}</span>
                </>
              ) : (
                e.actorLabel
              ),
          },
          {
            header: t("what"),
            cell: (e) => <AuditAction action={e.action} />,
          },
          {
            header: t("on"),
            cell: (e) => {
              const href = entityHref(e, user.role);
              const name =
                (e.entityType === "setting" ? settingName(e.entityId) : null) ??
                e.entityName ??
                e.entityId;
              // An entry about a kind of thing, not one of them (a batch of consent events),
              // is named by its kind.
              if (!name) return typeName(e.entityType);
              return (
                <>
                  {href ? <Link href={href}>{name}</Link> : name}
                  {e.entityId && e.entityId !== name ? (
                    <span className="muted"> {e.entityId}</span>
                  ) : null}
                  <span className="muted"> ({typeName(e.entityType)})</span>
                </>
              );
            },
          },
          {
            header: t("change"),
            cell: (e) => (
              <>
                <AuditChange
                  before={e.before}
                  after={e.after}
                  fieldLabel={(field) => fieldLabel(e.entityType, field)}
                  words={words}
                  labels={{
                    summary: t("showChange"),
                    before: t("before"),
                    after: t("after"),
                  }}
                />
                <AuditDetail
                  detail={e.detail}
                  summary={t("showDetail")}
                  formatNumber={(n) => format.number(n)}
                  words={words}
                />
              </>
            ),
          },
        ]}
      />
      <nav className="pager" aria-label={t("title")}>
        {filter.cursor && <Link href={pageQuery(null)}>{t("newest")}</Link>}
        {next && (
          <Link href={pageQuery(parseAsAuditCursor.serialize(next))} rel="next">
            {t("older")}
          </Link>
        )}
      </nav>
    </>
  );
}
