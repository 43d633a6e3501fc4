import { lawName } from "@/lib/laws/model";
import { pageTitle } from "@/components/ui/page-title";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ConfigEvidenceNote, EvidenceText } from "@/components/laws/config-evidence";
import { getDayFormatter } from "@/i18n/day";
import { readerLocale } from "@/i18n/locale";
import { hasRole } from "@/lib/auth/permissions";
import { requireRole } from "@/lib/auth/session";
import { cachedFigures } from "@/lib/figures-cache";
import { FiguresLine } from "@/components/ui/dashboard-title";
import { parseFilter, type PageSearchParams } from "@/lib/filters/core";
import { lawFilter } from "@/lib/filters/laws";
import { FilterIssues } from "@/components/ui/filter-issues";
import { isoDay, now } from "@/lib/clock";
import { configEvidence, listControls, listLaws, matchesLawFilter } from "@/lib/laws";
import { obligationKeys } from "@/lib/laws/schema";
import { Table, type Column } from "@/components/ui/table";
import { PageHeader } from "@/components/ui/page-header";

export const generateMetadata = pageTitle((t) => t("laws.obligationsTitle"));

/**
 * What each law asks of the company and where it stands on each obligation: the laws ×
 * obligations matrix and the controls behind it, with the evidence read from the configuration.
 * Takes the filter of /laws (jurisdiction, status) so a filtered view carries over.
 */
export default async function ObligationsPage({
  searchParams,
}: {
  searchParams: PageSearchParams;
}) {
  const { user, db } = await requireRole("marketing", "/laws/obligations");
  const canEdit = hasRole(user.role, "privacy");
  const t = await getTranslations("laws");
  const locale = await readerLocale();
  const today = isoDay(now());
  // The laws pages' one filter module; a refused key is left out and named above the table.
  const parsed = parseFilter(lawFilter, await searchParams, today);
  const filter = parsed.values;
  const {
    value: [all, controls, evidence],
    asOf,
  } = await cachedFigures(db, `obligations:${today}`, () =>
    Promise.all([listLaws(db, today), listControls(db), configEvidence(db, today)]),
  );
  const shown = all.filter((law) => matchesLawFilter(law, filter));
  const filtered = Boolean(filter.jurisdiction || filter.status);
  const matrixKeys = obligationKeys.filter((k) =>
    shown.some((l) => l.obligations.some((o) => o.key === k)),
  );
  const day = await getDayFormatter();

  return (
    <>
      <PageHeader
        back={{ href: "/laws", label: t("backToLaws") }}
        title={t("obligationsTitle")}
        lead={t("obligationsIntro")}
      />
      <FiguresLine asOf={[asOf]} />
      {parsed.issues.length > 0 && (
        <FilterIssues title={t("filterInvalid")} issues={parsed.issues} />
      )}
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
      <Table
        className="matrix"
        data-testid="obligation-matrix"
        rows={shown}
        rowKey={(law) => law.id}
        columns={[
          { header: t("law"), rowHeader: true, cell: (law) => lawName(law, locale) },
          ...matrixKeys.map((k): Column<(typeof shown)[number]> => ({
            header: t(`obligationNames.${k}`),
            cellProps: (law) =>
              law.obligations.some((o) => o.key === k) ? {} : { "aria-label": t("notRequired") },
            cell: (law) => {
              const applies = law.obligations.find((o) => o.key === k);
              if (!applies) return null;
              const status = applies.status; // the company's control for this obligation
              return (
                <span
                  className={`control-${status}`}
                  title={`${t(`obligationNames.${k}`)}: ${t(`statuses.${status}`)}${applies.appliesFrom ? ` · ${t("appliesFrom", { date: day(applies.appliesFrom) })}` : ""}`}
                >
                  {/* The symbol is for the eye; a screen reader reads the status in words. */}
                  <span
                    role="img"
                    aria-label={`${t(`statuses.${status}`)}${applies.appliesFrom ? `, ${t("appliesFrom", { date: day(applies.appliesFrom) })}` : ""}`}
                  >
                    {t(`statusSymbols.${status}`)}
                  </span>
                </span>
              );
            },
          })),
        ]}
      />
      <p className="muted">{t("matrixLegend")}</p>

      <h2 id="controls">{t("controls")}</h2>
      <Table
        data-testid="controls-table"
        rows={controls}
        rowKey={(c) => c.key}
        rowProps={(c) => ({ "data-testid": `control-${c.key}` })}
        columns={[
          { header: t("obligation"), rowHeader: true, cell: (c) => t(`obligationNames.${c.key}`) },
          {
            header: t("controlStatus"),
            cell: (c) => (
              <span className={`status control-${c.status}`}>{t(`statuses.${c.status}`)}</span>
            ),
          },
          { header: t("owner"), cell: (c) => c.owner || "—" },
          { header: t("dueDate"), cell: (c) => (c.dueDate ? day(c.dueDate) : "—") },
          { header: t("requiredBy"), cell: (c) => t("lawCount", { count: c.laws.length }) },
          {
            header: t("evidence"),
            cellProps: () => ({ className: "evidence-cell" }),
            cell: (c) => (
              <>
                {evidence[c.key] && <ConfigEvidenceNote evidence={evidence[c.key]!} />}
                {c.evidence && <EvidenceText text={c.evidence} />}
                {!evidence[c.key] && !c.evidence && "—"}
              </>
            ),
          },
          canEdit && {
            header: t("actions"),
            cell: (c) => (
              <Link
                href={`/laws/controls/${c.key}`}
                aria-label={t("editControlOf", { name: t(`obligationNames.${c.key}`) })}
              >
                {t("edit")}
              </Link>
            ),
          },
        ]}
      />
    </>
  );
}
