import { DashboardTitle } from "@/components/ui/dashboard-title";
import { pageTitle } from "@/components/ui/page-title";
import { ClientMessages } from "@/components/i18n/client-messages";
import Link from "next/link";
import { Fragment } from "react";
import { getFormatter, getTranslations } from "next-intl/server";
import { CoverageChart } from "@/components/laws/coverage-chart";
import { IndustryNote } from "@/components/ui/industry-note";
import { industryFigures } from "@/lib/industry/figures";
import { DeadlineForm } from "@/components/laws/law-forms";
import { headers } from "next/headers";
import { getDayFormatter } from "@/i18n/day";
import { env } from "@/lib/env";
import { calendarFeedQuery } from "@/lib/laws/feed";
import { hasRole } from "@/lib/auth/permissions";
import { requireRole } from "@/lib/auth/session";
import { cachedFigures } from "@/lib/figures-cache";
import { parseFilter, type PageSearchParams } from "@/lib/filters/core";
import { lawFilter } from "@/lib/filters/laws";
import { FilterIssues } from "@/components/ui/filter-issues";
import { isoDay, now } from "@/lib/clock";
import {
  getCoverage,
  listControls,
  listDeadlines,
  listLaws,
  matchesLawFilter,
  shippedCatalog,
} from "@/lib/laws";
import {
  daysUntil,
  lawDates,
  lawName,
  lawShortName,
  lawTitle,
  type LawNames,
} from "@/lib/laws/model";
import { readerLocale } from "@/i18n/locale";
import { QuarterTimeline } from "@/components/laws/quarter-timeline";
import { addDeadlineAction, deleteDeadlineAction } from "./actions";
import { formatPercent } from "@/components/ui/format";
import { filterFieldsOf, SelectField } from "@/components/ui/field";
import { Table } from "@/components/ui/table";
import { DataTable } from "@/components/ui/data-table";
import { withoutTableKeys } from "@/lib/filters/table";
import { ActionButton } from "@/components/ui/action-button";
import { MetricCard } from "@/components/ui/metric-card";

export const generateMetadata = pageTitle((t) => t("nav.laws"));

type Milestone = {
  key: string;
  date: string;
  law: string;
  label: string;
  own: boolean;
  deadline?: boolean;
  /** A date of a law repealed since: it happened, and the law no longer applies. */
  repealed?: boolean;
};

export default async function LawsPage({ searchParams }: { searchParams: PageSearchParams }) {
  const { user, db } = await requireRole("marketing", "/laws");
  const canEdit = hasRole(user.role, "privacy");
  const t = await getTranslations("laws");
  const format = await getFormatter();
  // The catalog ships its labels and notes in English and German.
  const locale = await readerLocale();
  const german = locale === "de";
  const text = (en: string, de: string) => (german && de ? de : en);
  const named = (law: LawNames) => lawName(law, locale);
  const today = isoDay(now());
  // The laws pages' one filter module; a refused key is left out and named above the table.
  const params = await searchParams;
  const parsed = parseFilter(lawFilter, withoutTableKeys(params), today);
  const filter = parsed.values;

  const {
    value: { all, controls, deadlines, coverage },
    asOf,
  } = await cachedFigures(db, `laws:${today}`, async () => {
    const [all, controls, deadlines] = await Promise.all([
      listLaws(db, today),
      listControls(db),
      listDeadlines(db),
    ]);
    return { all, controls, deadlines, coverage: await getCoverage(db, today, all) };
  });
  const shown = all.filter((law) => matchesLawFilter(law, filter));
  const filterQuery = parsed.query ? `?${parsed.query}` : "";
  const jurisdictions = [...new Set(all.flatMap((l) => l.jurisdictions))].sort();
  const catalog = shippedCatalog();
  const h = await headers();
  const origin =
    env().nextAuthUrl?.replace(/\/$/, "") ??
    `${h.get("x-forwarded-proto") ?? "http"}://${h.get("host") ?? "localhost"}`;
  const feedUrl = `${origin}/api/v1/laws/calendar.ics?${await calendarFeedQuery(user, german ? "de" : "en")}`;

  const day = await getDayFormatter();
  const pct = (v: number | null) => formatPercent(format, v);
  const countdown = (date: string, past = t("inForceSince")) => {
    const days = daysUntil(date, today);
    return days < 0 ? past : days === 0 ? t("today") : t("inDays", { days });
  };

  const lawById = new Map(all.map((l) => [l.id, named(l)]));
  // The coverage figures name laws in English (as the API does); shown in the reader's language.
  const inReaderLanguage = new Map(all.map((l) => [lawName(l, "en"), named(l)]));
  // The laws' dates and the internal deadlines. A repealed law's dates to come are not among
  // them (lawDates).
  const milestonesOf = (laws: typeof all, own: typeof deadlines): Milestone[] => [
    ...laws.flatMap((law) =>
      lawDates(law, today).map((d) => ({
        key: d.phase === null ? `${law.id}-effective` : `${law.id}-phase-${d.phase}`,
        date: d.date,
        law: named(law),
        label: d.label === null ? t("takesEffect") : text(d.label, d.labelDe ?? ""),
        own: law.custom,
        repealed: law.status === "repealed",
      })),
    ),
    ...own.map((d) => ({
      key: `deadline-${d.id}`,
      date: d.date,
      law: (d.lawId && lawById.get(d.lawId)) || t("internal"),
      label: t("internalDeadline", { title: d.title }),
      own: true,
      deadline: true,
    })),
  ];
  // The timeline follows the filter: a filtered view keeps the deadlines of the laws it shows.
  const shownIds = new Set(shown.map((l) => l.id));
  const milestones = milestonesOf(
    shown,
    filter.jurisdiction || filter.status
      ? deadlines.filter((d) => d.lawId && shownIds.has(d.lawId))
      : deadlines,
  );
  const toCome = (list: Milestone[]) =>
    list.filter((m) => m.date >= today).sort((a, b) => a.date.localeCompare(b.date));
  // The cards count every law, whatever the filter shows below them: the next date too.
  const [next] = toCome(milestonesOf(all, deadlines));
  const upcoming = toCome(milestones);
  const past = milestones
    .filter((m) => m.date < today)
    .sort((a, b) => b.date.localeCompare(a.date));
  const inForce = all.filter((l) => l.status === "in_force").length;
  const atRisk = all.filter((l) => l.atRisk);
  const coveredNow = coverage.now;
  // Each law that covers customers (in force or not yet), the most customers first.
  const coveringLaws = all
    .filter((l) => l.status !== "repealed" && (coverage.byLaw.get(l.id) ?? 0) > 0)
    .sort(
      (a, b) =>
        (coverage.byLaw.get(b.id) ?? 0) - (coverage.byLaw.get(a.id) ?? 0) ||
        a.effectiveDate.localeCompare(b.effectiveDate),
    );
  const notReady = all.filter((l) => l.notReady).length;

  const { select } = filterFieldsOf(filter, t("all"));
  return (
    // The coverage chart and the deadline form translate in the browser.
    <ClientMessages namespaces={["laws", "validation"]}>
      <DashboardTitle title={t("title")} asOf={[asOf]} />
      <p className="lead">{t("intro", { date: day(catalog.reviewedOn) })}</p>
      {parsed.issues.length > 0 && (
        <FilterIssues title={t("filterInvalid")} issues={parsed.issues} />
      )}

      <div className="cards">
        <MetricCard
          id="c-in-force"
          testId="laws-in-force"
          title={t("inForce")}
          value={inForce}
          hint={t("ofLaws", { count: all.length })}
        >
          <p className="muted" data-testid="laws-not-ready">
            {t("notReadyCount", { count: notReady })}
          </p>
        </MetricCard>
        <section className="card" aria-labelledby="c-upcoming">
          <h2 id="c-upcoming">{t("nextDate")}</h2>
          {next ? (
            <>
              <p className="figure">{countdown(next.date)}</p>
              <p className="muted">
                {next.law}: {next.label} · {day(next.date)}
              </p>
            </>
          ) : (
            <p className="muted">{t("noUpcoming")}</p>
          )}
        </section>
        <MetricCard
          id="c-risk"
          testId="laws-at-risk"
          title={t("atRisk")}
          value={atRisk.length}
          hint={t("atRiskHint")}
        />
        <MetricCard
          id="c-coverage"
          testId="laws-coverage"
          title={t("coverageNow")}
          value={pct(coveredNow?.share ?? null)}
          hint={t("coverageHint", {
            covered: coveredNow?.covered ?? 0,
            total: coveredNow?.total ?? 0,
          })}
        >
          <IndustryNote place="lawCoverage" />
        </MetricCard>
      </div>

      <form className="toolbar" method="get" action="/laws" aria-label={t("filter")}>
        <SelectField
          {...select("jurisdiction", "f-jurisdiction")}
          label={t("jurisdiction")}
          options={jurisdictions}
          optionLabel={(j) => j}
        />
        <SelectField
          {...select("status", "f-status")}
          label={t("status")}
          options={["in_force", "upcoming", "at_risk", "not_ready"] as const}
          optionLabel={(s) => t(`lawStatuses.${s}`)}
        />
        <button type="submit">{t("filter")}</button>
        <Link href="/laws">{t("clear")}</Link>
        <a href="/api/v1/laws/calendar.ics" download>
          {t("calendar")}
        </a>
      </form>

      <h2 id="timeline">{t("timeline")}</h2>
      <h3>{t("upcoming")}</h3>
      {upcoming.length === 0 ? (
        <p>{t("noUpcoming")}</p>
      ) : (
        <QuarterTimeline
          id="timeline-upcoming"
          entries={upcoming.map((m) => ({
            ...m,
            day: day(m.date),
            badge: <span className="status">{countdown(m.date)}</span>,
          }))}
        />
      )}
      <details>
        <summary>{t("pastDates", { count: past.length })}</summary>
        <QuarterTimeline
          id="timeline-past"
          descending
          strip={false}
          entries={past.map((m) => ({
            ...m,
            own: false,
            day: day(m.date),
            badge: (
              <span className={`status ${m.deadline || m.repealed ? "" : "status-active"}`}>
                {m.deadline
                  ? t("passed")
                  : t(`lawStatuses.${m.repealed ? "repealed" : "in_force"}`)}
              </span>
            ),
          }))}
        />
      </details>

      <h2 id="laws-table">{t("lawsTitle")}</h2>
      <p className="muted">{t("count", { count: shown.length })}</p>
      <DataTable
        id="laws"
        data-testid="laws-table"
        rows={shown}
        params={params}
        path="/laws"
        findLabel={t("find")}
        find={(law) => `${law.name} ${law.nameDe} ${lawName(law, "en")} ${named(law)}`}
        empty={t("empty")}
        rowKey={(law) => law.id}
        rowProps={(law) => ({ "data-testid": `law-row-${law.id}` })}
        columns={[
          {
            id: "law",
            header: t("law"),
            sort: (law) => lawShortName(law, locale),
            rowHeader: true,
            cell: (law) => (
              <>
                <abbr title={lawTitle(law, locale)}>{lawShortName(law, locale)}</abbr>
                {law.custom && <span className="status"> {t("own")}</span>}
                {law.atRisk && <span className="status at-risk"> {t("atRiskFlag")}</span>}
              </>
            ),
          },
          {
            id: "jurisdiction",
            header: t("jurisdictions"),
            text: (law) => law.jurisdictions.join(", "),
          },
          {
            id: "effective",
            header: t("effectiveDate"),
            sort: (law) => law.effectiveDate,
            cell: (law) => day(law.effectiveDate),
          },
          {
            id: "status",
            sort: (law) => t(`lawStatuses.${law.status}`),
            header: t("status"),
            cellProps: (law) => ({ "data-testid": `status-${law.id}` }),
            cell: (law) => (
              <>
                {t(`lawStatuses.${law.status}`)}
                {law.obligationsFrom && (
                  <span className="muted">
                    {" "}
                    · {t("obligationsFrom", { date: day(law.obligationsFrom) })}
                  </span>
                )}
              </>
            ),
          },
          {
            id: "next",
            header: t("next"),
            sort: (law) => law.next?.date,
            cell: (law) => (law.next ? `${day(law.next.date)} (${countdown(law.next.date)})` : "—"),
          },
          {
            id: "readiness",
            sort: (law) => law.readiness,
            header: t("readiness"),
            cellProps: () => ({ className: "readiness-cell" }),
            cell: (law) =>
              law.obligations.length === 0 ? (
                <span className="muted">{t("noObligations")}</span>
              ) : (
                <>
                  <progress
                    max={1}
                    value={law.readiness ?? 0}
                    aria-label={t("readinessOf", { law: named(law) })}
                  />{" "}
                  <span data-testid={`readiness-${law.id}`}>{pct(law.readiness)}</span>
                  <span
                    className={`small ${law.notReady ? "gap" : "muted"}`}
                    data-testid={`open-${law.id}`}
                  >
                    {t("openOfTotal", {
                      open: law.openObligations,
                      total: law.obligations.length,
                    })}
                  </span>
                </>
              ),
          },
          {
            header: t("cure"),
            cellProps: (law) => ({ "data-testid": `cure-${law.id}` }),
            cell: (law) =>
              law.cure.ended && law.cure.endsOn
                ? t("cureEnded", { date: day(law.cure.endsOn) })
                : law.cure.days && law.cure.endsOn
                  ? t("cureDaysUntil", { days: law.cure.days, date: day(law.cure.endsOn) })
                  : law.cure.days
                    ? t("cureDays", { days: law.cure.days })
                    : "—",
          },
          {
            header: t("source"),
            cell: (law) =>
              law.sources.length > 0 ? (
                // Each source by its site and its kind: a reader tells the statute from a
                // law firm's summary before following the link.
                <ul className="source-list">
                  {law.sources.map((s) => (
                    <li key={s.url}>
                      <a href={s.url} rel="noopener noreferrer" target="_blank" title={s.title}>
                        {/* A long site name wraps at its dots, never inside a word. */}
                        {new URL(s.url).hostname
                          .replace(/^www\./, "")
                          .split(".")
                          .map((part, i) => (
                            <Fragment key={i}>
                              {i > 0 && (
                                <>
                                  .<wbr />
                                </>
                              )}
                              {part}
                            </Fragment>
                          ))}
                      </a>{" "}
                      <span className={s.kind === "secondary" ? "muted small" : "small"}>
                        {t(`sourceKinds.${s.kind}`)}
                      </span>
                    </li>
                  ))}
                </ul>
              ) : law.sourceUrl ? (
                <a href={law.sourceUrl} rel="noopener noreferrer" target="_blank">
                  {t("sourceLink")}
                </a>
              ) : (
                t("ownEntry")
              ),
          },
        ]}
      />
      {canEdit && (
        <p>
          <Link href="/laws/new">{t("addLaw")}</Link>
        </p>
      )}

      <h2 id="obligations">{t("obligationsTitle")}</h2>
      <p data-testid="controls-summary">
        {t("controlsSummary", {
          total: controls.length,
          implemented: controls.filter((c) => c.status === "implemented").length,
          inProgress: controls.filter((c) => c.status === "in_progress").length,
          notStarted: controls.filter((c) => c.status === "not_started").length,
          notApplicable: controls.filter((c) => c.status === "not_applicable").length,
        })}{" "}
        <Link href={`/laws/obligations${filterQuery}`}>{t("openObligations")}</Link>
      </p>

      <h2 id="coverage">{t("coverage")}</h2>
      <p className="muted">{t("coverageIntro")}</p>
      {coveredNow && coveredNow.total > 0 ? (
        <>
          <CoverageChart
            series={coverage.series}
            reference={industryFigures("lawCoverage")[0]?.value}
          />
          <Table
            data-testid="coverage-table"
            rows={coverage.byRegion}
            rowKey={(r) => r.region}
            columns={[
              { header: t("region"), rowHeader: true, cell: (r) => r.region },
              { header: t("profiles"), cell: (r) => format.number(r.profiles) },
              {
                header: t("lawsNow"),
                cell: (r) =>
                  r.lawsNow.map((n) => inReaderLanguage.get(n) ?? n).join(", ") || t("none"),
              },
              {
                header: t("coveredFrom"),
                cell: (r) => (r.coveredFrom ? day(r.coveredFrom) : t("notCovered")),
              },
            ]}
          />
          <h3 id="coverage-by-law">{t("coverageByLaw")}</h3>
          <p className="muted">
            {t("coverageByLawIntro", { none: all.length - coveringLaws.length })}
          </p>
          <Table
            data-testid="coverage-by-law"
            stacked
            rows={coveringLaws}
            rowKey={(law) => law.id}
            rowProps={(law) => ({ "data-testid": `customers-${law.id}` })}
            columns={[
              { header: t("law"), rowHeader: true, cell: (law) => named(law) },
              {
                header: t("customersCovered"),
                numeric: true,
                cell: (law) => format.number(coverage.byLaw.get(law.id) ?? 0),
              },
              {
                header: t("customersShare"),
                numeric: true,
                cell: (law) => pct((coverage.byLaw.get(law.id) ?? 0) / coveredNow.total),
              },
              {
                header: t("status"),
                cell: (law) =>
                  law.status === "in_force"
                    ? t("lawStatuses.in_force")
                    : t("coversFrom", { date: day(law.effectiveDate) }),
              },
            ]}
          />
        </>
      ) : (
        <p>{t("noProfiles")}</p>
      )}

      <h2 id="deadlines">{t("deadlines")}</h2>
      {deadlines.length === 0 ? (
        <p>{t("noDeadlines")}</p>
      ) : (
        <ul data-testid="deadlines">
          {deadlines.map((d) => (
            <li key={d.id}>
              <time dateTime={d.date}>{day(d.date)}</time> — {d.title}
              {d.lawId && ` · ${lawById.get(d.lawId) ?? d.lawId}`} ·{" "}
              {countdown(d.date, t("passed"))}
              {canEdit && (
                <ActionButton
                  action={deleteDeadlineAction.bind(null, d.id)}
                  label={t("deleteDeadlineOf", { title: d.title })}
                  className="secondary small"
                  formClassName="inline-action"
                >
                  {t("delete")}
                </ActionButton>
              )}
            </li>
          ))}
        </ul>
      )}
      {canEdit && (
        <DeadlineForm
          action={addDeadlineAction}
          laws={all.map((l) => ({ id: l.id, name: named(l) }))}
        />
      )}

      <h2 id="subscribe">{t("subscribe")}</h2>
      <div className="field">
        <label htmlFor="feed-url">{t("subscribeLabel")}</label>
        <p id="feed-hint" className="muted">
          {t("subscribeHint")}
        </p>
        <input id="feed-url" readOnly value={feedUrl} aria-describedby="feed-hint" />
      </div>

      <h2 id="left-out">{t("leftOut")}</h2>
      <p className="muted">{t("leftOutHint", { date: day(catalog.reviewedOn) })}</p>
      <ul>
        {catalog.leftOut.map((l) => (
          <li key={l.name}>
            <strong>{l.name}</strong>: {text(l.reason, l.reasonDe)}
          </li>
        ))}
      </ul>
    </ClientMessages>
  );
}
