import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth/session";
import { listPurposes } from "@/lib/purposes";
import { singleValues } from "@/lib/search-params";
import {
  functionalAreas,
  legalBases,
  purposeFilterSchema,
  purposeStatuses,
} from "@/lib/purposes/schema";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("purposes") };
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function PurposesPage({ searchParams }: { searchParams: SearchParams }) {
  const { db } = await requireRole("admin", "/admin/purposes");
  const t = await getTranslations("purposes");
  const { functionalArea, status, legalBasis, q } = singleValues(await searchParams);
  // Unknown filter values are ignored rather than answered with an error page.
  const parsed = purposeFilterSchema.safeParse({ functionalArea, status, legalBasis, q });
  const filter = parsed.success ? parsed.data : {};
  const purposes = await listPurposes(db, filter);

  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("intro")}</p>
      <p>
        <Link className="button" href="/admin/purposes/new">
          {t("new")}
        </Link>
      </p>
      <form className="toolbar" method="get" role="search" aria-label={t("filter")}>
        <div className="field">
          <label htmlFor="filter-q">{t("search")}</label>
          <input
            id="filter-q"
            name="q"
            type="search"
            defaultValue={filter.q ?? ""}
            placeholder={t("searchHint")}
          />
        </div>
        <div className="field">
          <label htmlFor="filter-area">{t("columns.functionalArea")}</label>
          <select id="filter-area" name="functionalArea" defaultValue={filter.functionalArea ?? ""}>
            <option value="">{t("all")}</option>
            {functionalAreas.map((a) => (
              <option key={a} value={a}>
                {t(`areas.${a}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-status">{t("columns.status")}</label>
          <select id="filter-status" name="status" defaultValue={filter.status ?? ""}>
            <option value="">{t("all")}</option>
            {purposeStatuses.map((s) => (
              <option key={s} value={s}>
                {t(`statuses.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-basis">{t("columns.legalBasis")}</label>
          <select id="filter-basis" name="legalBasis" defaultValue={filter.legalBasis ?? ""}>
            <option value="">{t("all")}</option>
            {legalBases.map((b) => (
              <option key={b} value={b}>
                {t(`legalBases.${b}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{t("filter")}</button>
        <Link href="/admin/purposes">{t("clear")}</Link>
      </form>
      <p className="muted" aria-live="polite">
        {t("count", { count: purposes.length })}
      </p>
      {purposes.length === 0 ? (
        <p>{t("empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("columns.name")}</th>
                <th scope="col">{t("columns.key")}</th>
                <th scope="col">{t("columns.functionalArea")}</th>
                <th scope="col">{t("columns.legalBasis")}</th>
                <th scope="col">{t("columns.status")}</th>
                <th scope="col">{t("columns.version")}</th>
                <th scope="col">{t("columns.dataCategories")}</th>
                <th scope="col">{t("columns.retentionDays")}</th>
              </tr>
            </thead>
            <tbody>
              {purposes.map((p) => (
                <tr key={p.key} data-testid={`purpose-row-${p.key}`}>
                  <td>
                    <Link href={`/admin/purposes/${p.key}`}>{p.name}</Link>
                  </td>
                  <td>
                    <code>{p.key}</code>
                  </td>
                  <td>{t(`areas.${p.functionalArea}`)}</td>
                  <td>{t(`legalBases.${p.legalBasis}`)}</td>
                  <td>
                    <span className={`status status-${p.status}`}>{t(`statuses.${p.status}`)}</span>
                  </td>
                  <td>{p.version}</td>
                  <td>
                    {p.dataCategories.map((c) => t(`categories.${c}`)).join(", ") || t("none")}
                  </td>
                  <td>{t("days", { count: p.retentionDays })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
