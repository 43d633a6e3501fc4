import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ConfigEvidenceNote, EvidenceText } from "@/components/laws/config-evidence";
import { getDayFormatter } from "@/i18n/day";
import { hasRole } from "@/lib/auth/permissions";
import { requireRole } from "@/lib/auth/session";
import { isoDay, now } from "@/lib/clock";
import { configEvidence, listControls, listLaws, matchesLawFilter } from "@/lib/laws";
import { lawFilterFrom, obligationKeys } from "@/lib/laws/schema";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("laws"))("obligationsTitle") };
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/**
 * What each law asks of the company and where it stands on each obligation: the laws ×
 * obligations matrix and the controls behind it, with the evidence read from the configuration.
 * Takes the filter of /laws (jurisdiction, status) so a filtered view carries over.
 */
export default async function ObligationsPage({ searchParams }: { searchParams: SearchParams }) {
  const { user, db } = await requireRole("marketing", "/laws/obligations");
  const canEdit = hasRole(user.role, "privacy");
  const t = await getTranslations("laws");
  const today = isoDay(now());
  const filter = lawFilterFrom(await searchParams);
  const [all, controls, evidence] = await Promise.all([
    listLaws(db, today),
    listControls(db),
    configEvidence(db, today),
  ]);
  const shown = all.filter((law) => matchesLawFilter(law, filter));
  const filtered = Boolean(filter.jurisdiction || filter.status);
  const matrixKeys = obligationKeys.filter((k) =>
    shown.some((l) => l.obligations.some((o) => o.key === k)),
  );
  const day = await getDayFormatter();

  return (
    <>
      <p>
        <Link href="/laws">{t("backToLaws")}</Link>
      </p>
      <h1>{t("obligationsTitle")}</h1>
      <p className="lead">{t("obligationsIntro")}</p>
      {filtered && (
        <p data-testid="obligations-filter">
          {t("obligationsFiltered", {
            count: shown.length,
            filter: [filter.jurisdiction, filter.status && t(`lawStatuses.${filter.status}`)]
              .filter(Boolean)
              .join(", "),
          })}{" "}
          <Link href="/laws/obligations">{t("clear")}</Link>
        </p>
      )}

      <h2 id="matrix">{t("matrix")}</h2>
      <p className="muted">{t("matrixHint")}</p>
      <div className="table-wrap">
        <table className="matrix" data-testid="obligation-matrix">
          <thead>
            <tr>
              <th scope="col">{t("law")}</th>
              {matrixKeys.map((k) => (
                <th key={k} scope="col">
                  {t(`obligationNames.${k}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((law) => (
              <tr key={law.id}>
                <th scope="row">{law.shortName}</th>
                {matrixKeys.map((k) => {
                  const applies = law.obligations.find((o) => o.key === k);
                  if (!applies) return <td key={k} aria-label={t("notRequired")} />;
                  const status = applies.status; // the company's control for this obligation
                  return (
                    <td key={k}>
                      <span
                        className={`control-${status}`}
                        title={`${t(`obligationNames.${k}`)}: ${t(`statuses.${status}`)}${applies.appliesFrom ? ` · ${t("appliesFrom", { date: day(applies.appliesFrom) })}` : ""}`}
                      >
                        {t(`statusSymbols.${status}`)}
                      </span>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted">{t("matrixLegend")}</p>

      <h2 id="controls">{t("controls")}</h2>
      <div className="table-wrap">
        <table data-testid="controls-table">
          <thead>
            <tr>
              <th scope="col">{t("obligation")}</th>
              <th scope="col">{t("controlStatus")}</th>
              <th scope="col">{t("owner")}</th>
              <th scope="col">{t("dueDate")}</th>
              <th scope="col">{t("requiredBy")}</th>
              <th scope="col">{t("evidence")}</th>
              {canEdit && <th scope="col">{t("actions")}</th>}
            </tr>
          </thead>
          <tbody>
            {controls.map((c) => (
              <tr key={c.key} data-testid={`control-${c.key}`}>
                <th scope="row">{t(`obligationNames.${c.key}`)}</th>
                <td>
                  <span className={`status control-${c.status}`}>{t(`statuses.${c.status}`)}</span>
                </td>
                <td>{c.owner || "—"}</td>
                <td>{c.dueDate ? day(c.dueDate) : "—"}</td>
                <td>{t("lawCount", { count: c.laws.length })}</td>
                <td className="evidence-cell">
                  {evidence[c.key] && <ConfigEvidenceNote evidence={evidence[c.key]!} />}
                  {c.evidence && <EvidenceText text={c.evidence} />}
                  {!evidence[c.key] && !c.evidence && "—"}
                </td>
                {canEdit && (
                  <td>
                    <Link
                      href={`/laws/controls/${c.key}`}
                      aria-label={t("editControlOf", { name: t(`obligationNames.${c.key}`) })}
                    >
                      {t("edit")}
                    </Link>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
