import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { parseFilter, type PageSearchParams } from "@/lib/filters/core";
import { auditFilter } from "@/lib/filters/audit";
import { entityTypes, listAuditEvents } from "@/lib/audit/query";
import { requireRole } from "@/lib/auth/session";
import { isoDay, now } from "@/lib/clock";
import { EARLIEST_DAY, latestDay } from "@/lib/date-range";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("audit") };
}

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

  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("intro")}</p>
      <form className="toolbar" method="get" aria-label={t("filters")}>
        <div className="field">
          <label htmlFor="audit-actor">{t("actorFilter")}</label>
          <input id="audit-actor" name="actor" defaultValue={filter.actor ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="audit-entity">{t("entityFilter")}</label>
          <select id="audit-entity" name="entityType" defaultValue={filter.entityType ?? ""}>
            <option value="">{t("all")}</option>
            {entityTypes.map((e) => (
              <option key={e} value={e}>
                {e}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-action">{t("actionFilter")}</label>
          <input id="audit-action" name="action" defaultValue={filter.action ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="audit-from">{t("from")}</label>
          <input
            id="audit-from"
            name="from"
            type="date"
            min={EARLIEST_DAY}
            max={latestDay(today)}
            defaultValue={filter.from ?? ""}
          />
        </div>
        <div className="field">
          <label htmlFor="audit-to">{t("to")}</label>
          <input
            id="audit-to"
            name="to"
            type="date"
            min={EARLIEST_DAY}
            max={latestDay(today)}
            defaultValue={filter.to ?? ""}
          />
        </div>
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
      {events.length === 0 ? (
        <p className="muted">{t("empty")}</p>
      ) : (
        <>
          <p className="muted">{t("showing", { count: events.length })}</p>
          <div className="table-wrap">
            <table data-testid="audit-table">
              <thead>
                <tr>
                  <th scope="col">{t("when")}</th>
                  <th scope="col">{t("who")}</th>
                  <th scope="col">{t("action")}</th>
                  <th scope="col">{t("entity")}</th>
                </tr>
              </thead>
              <tbody>
                {events.map((e) => (
                  <tr key={e.id}>
                    <td>
                      {format.dateTime(e.occurredAt, { dateStyle: "medium", timeStyle: "medium" })}
                    </td>
                    <td>
                      {e.actorLabel} <span className="muted">({e.actorType})</span>
                    </td>
                    <td>
                      <code>{e.action}</code>
                    </td>
                    <td>
                      {e.entityType}
                      {e.entityId ? <span className="muted"> {e.entityId}</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}
