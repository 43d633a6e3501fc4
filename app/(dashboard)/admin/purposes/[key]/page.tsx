import type { Metadata } from "next";
import { ClientMessages } from "@/components/i18n/client-messages";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { PurposeForm } from "@/components/purposes/purpose-form";
import { listAuditEventsFor } from "@/lib/audit/query";
import { requireRole } from "@/lib/auth/session";
import { getPurposeRow, hasConsentEvents, listPurposeVersions, toPurpose } from "@/lib/purposes";
import { diffPurposeSnapshots, type PurposeField } from "@/lib/purposes/diff";
import { singleValues } from "@/lib/search-params";
import { deletePurposeAction, retirePurposeAction, updatePurposeAction } from "../actions";

type Params = Promise<{ key: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `${(await params).key} · ${(await getTranslations("nav"))("purposes")}` };
}

export default async function PurposePage({
  params,
  searchParams,
}: {
  params: Params;
  searchParams: SearchParams;
}) {
  const { key } = await params;
  const { db } = await requireRole("admin", `/admin/purposes/${key}`);
  const row = await getPurposeRow(db, key);
  if (!row) notFound();
  const purpose = toPurpose(row);
  const [versions, withEvents, trail] = await Promise.all([
    listPurposeVersions(db, key),
    hasConsentEvents(db, row.id),
    listAuditEventsFor(db, "purpose", key),
  ]);
  const t = await getTranslations("purposes");
  const format = await getFormatter();
  const query = singleValues(await searchParams);

  const versionParam = (name: string, fallback: number) => {
    const n = Number(query[name]);
    return Number.isInteger(n) && n >= 1 && n <= purpose.version ? n : fallback;
  };
  const to = versionParam("to", purpose.version);
  const from = versionParam("from", Math.max(1, to - 1));
  const snapshot = (v: number) => versions.find((x) => x.version === v)?.purpose ?? {};
  const changes = diffPurposeSnapshots(snapshot(from), snapshot(to));

  const show = (field: PurposeField, value: unknown): string => {
    if (value === undefined || value === null || value === "") return t("none");
    if (field === "functionalArea") return t(`areas.${value as "marketing"}`);
    if (field === "legalBasis") return t(`legalBases.${value as "consent"}`);
    if (field === "status") return t(`statuses.${value as "draft"}`);
    if (field === "dataCategories") {
      const list = value as string[];
      return list.length
        ? list.map((c) => t(`categories.${c as "contact"}`)).join(", ")
        : t("none");
    }
    if (typeof value === "boolean") return value ? t("yes") : t("no");
    return String(value);
  };
  const when = (iso: string | Date) =>
    format.dateTime(new Date(iso), { dateStyle: "medium", timeStyle: "short" });

  return (
    <>
      <p>
        <Link href="/admin/purposes">{t("back")}</Link>
      </p>
      <h1>{purpose.name}</h1>
      <p className="muted">
        {t("meta", { key: purpose.key, version: purpose.version })} ·{" "}
        <span className={`status status-${purpose.status}`} data-testid="purpose-status">
          {t(`statuses.${purpose.status}`)}
        </span>
      </p>
      {query.stale ? (
        <p className="notice error" role="status">
          {t("staleRetire")}
        </p>
      ) : null}

      <h2>{t("edit")}</h2>
      <ClientMessages namespaces={["purposes", "validation"]}>
        <PurposeForm mode="edit" action={updatePurposeAction.bind(null, key)} initial={purpose} />
      </ClientMessages>

      <section className="panel" aria-labelledby="lifecycle-title">
        <h2 id="lifecycle-title">{purpose.status === "retired" ? t("retired") : t("retire")}</h2>
        {purpose.status !== "retired" && (
          <form action={retirePurposeAction.bind(null, key)}>
            <p className="muted">{t("retireHelp")}</p>
            <input type="hidden" name="version" value={purpose.version} />
            <button type="submit" className="danger">
              {t("retire")}
            </button>
          </form>
        )}
        {withEvents ? (
          <p className="muted">{t("cannotDelete")}</p>
        ) : (
          <form action={deletePurposeAction.bind(null, key)}>
            <p className="muted">{t("deleteHelp")}</p>
            <button type="submit" className="danger">
              {t("delete")}
            </button>
          </form>
        )}
      </section>

      <section className="panel" aria-labelledby="versions-title">
        <h2 id="versions-title">{t("versions")}</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("columns.version")}</th>
                <th scope="col">{t("validFrom")}</th>
                <th scope="col">{t("changedBy")}</th>
                <th scope="col">{t("columns.status")}</th>
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => (
                <tr key={v.version}>
                  <td>{v.version}</td>
                  <td>{when(v.validFrom)}</td>
                  <td>{v.changedBy}</td>
                  <td>{t(`statuses.${v.purpose.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>

        <h3>{t("compare")}</h3>
        <form className="toolbar" method="get">
          <div className="field">
            <label htmlFor="diff-from">{t("compareFrom")}</label>
            <select id="diff-from" name="from" defaultValue={from}>
              {versions.map((v) => (
                <option key={v.version} value={v.version}>
                  {v.version}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="diff-to">{t("compareTo")}</label>
            <select id="diff-to" name="to" defaultValue={to}>
              {versions.map((v) => (
                <option key={v.version} value={v.version}>
                  {v.version}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="secondary">
            {t("showDiff")}
          </button>
        </form>
        {changes.length === 0 ? (
          <p className="muted">{t("noDifferences")}</p>
        ) : (
          <div className="table-wrap">
            <table data-testid="purpose-diff">
              <thead>
                <tr>
                  <th scope="col">{t("field")}</th>
                  <th scope="col">{t("versionN", { version: from })}</th>
                  <th scope="col">{t("versionN", { version: to })}</th>
                </tr>
              </thead>
              <tbody>
                {changes.map((c) => (
                  <tr key={c.field}>
                    <th scope="row">{t(`fields.${c.field}`)}</th>
                    <td className="diff-before">{show(c.field, c.before)}</td>
                    <td className="diff-after">{show(c.field, c.after)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="panel" aria-labelledby="history-title">
        <h2 id="history-title">{t("history")}</h2>
        {trail.length === 0 ? (
          <p className="muted">{t("historyEmpty")}</p>
        ) : (
          <div className="table-wrap">
            <table data-testid="purpose-history">
              <thead>
                <tr>
                  <th scope="col">{t("when")}</th>
                  <th scope="col">{t("who")}</th>
                  <th scope="col">{t("action")}</th>
                  <th scope="col">{t("changed")}</th>
                </tr>
              </thead>
              <tbody>
                {trail.map((e) => {
                  const changed = (e.detail as { changed?: PurposeField[] } | null)?.changed ?? [];
                  return (
                    <tr key={e.id}>
                      <td>{when(e.occurredAt)}</td>
                      <td>{e.actorLabel}</td>
                      <td>
                        <code>{e.action}</code>
                      </td>
                      <td>{changed.map((f) => t(`fields.${f}`)).join(", ")}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
