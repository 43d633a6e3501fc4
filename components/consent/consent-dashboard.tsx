"use client";
import type { ChangeEvent } from "react";
import { useFormatter, useTranslations } from "next-intl";
import { ChartFigure, chartCsv } from "@/components/charts/chart-figure";
import { Field, Select } from "@/components/ui/field";
import { MetricsFrame } from "@/components/ui/metrics-status";
import { formatPoints, numberFormat, formatDay } from "@/components/ui/format";
import { seriesColor, tones } from "@/components/ui/palette";
import { useFilteredMetrics } from "@/components/ui/use-metrics";
import { FiguresAsOf, type ReadAt } from "@/components/ui/figures-as-of";
import { useUrlFilter, type InitialFilter } from "@/components/ui/use-url-filter";
import type { ConsentMetrics } from "@/lib/metrics/consent";
import type { ConsentDefinition } from "@/lib/filters/consent";
import { MetricCard } from "@/components/ui/metric-card";

// The filter module (its nuqs parsers) loads on the first change of a filter, not with the page.
const loadFilter = () => import("@/lib/filters/consent").then((m) => m.consentFilter);

type Option = { value: string; label: string };

export function ConsentDashboard({
  purposes,
  areas,
  regions,
  channels,
  definitions,
  intervals,
  dateBounds,
  today,
  initialFilter,
  readAt,
}: {
  purposes: Option[];
  /** The functional areas to filter by (passed in: the value lists stay off the first load). */
  areas: readonly string[];
  regions: string[];
  /** The channels to filter by, likewise. */
  channels: readonly string[];
  /** The metric definitions to choose from, likewise. */
  definitions: readonly ConsentDefinition[];
  /** The intervals of a series, likewise. */
  intervals: readonly ("day" | "week" | "month")[];
  /** The days a filter may name (lib/date-range), for the date pickers. */
  dateBounds: { min: string; max: string };
  /** YYYY-MM-DD on the server's clock, for the filter's range checks. */
  today: string;
  /** The filter the page parsed from the address it was opened with. */
  initialFilter: InitialFilter;
  /** When the page's own reads were made (the line under the filters shows the oldest). */
  readAt: ReadAt;
}) {
  const t = useTranslations("consent");
  const tp = useTranslations("purposes");
  const format = useFormatter();
  // The same filter module as the page and the API: one parse, one canonical query string.
  const { filter, valueOf, setFilter, resetFilter } = useUrlFilter(
    loadFilter,
    initialFilter,
    today,
  );
  const { data, asOf, isFetching, status } = useFilteredMetrics<ConsentMetrics>(
    "consent",
    readAt.maxAge,
    filter,
    t,
  );
  const { percent: pct } = numberFormat(format);
  const csv = chartCsv(t("exportChart"), filter.query);
  // The "rate by …" bar charts: one series of rates, described as "name: rate" for screen readers.
  const rateSeries = (color: string) => [
    { key: "rate", name: t("rate"), color, kind: "bar" as const },
  ];
  const rateSummary = <R extends { rate: number | null }>(rows: R[], name: (row: R) => string) =>
    rows.map((r) => `${name(r)}: ${pct(r.rate)}`).join(", ");
  const day = (iso: string) => formatDay(format, iso);

  // Each control shows the filter's value in the address (or the range the figures cover).
  const bind = (name: Parameters<typeof valueOf>[0], shown = "") => ({
    id: `c-${name}`,
    value: valueOf(name) || shown,
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
      setFilter(name, e.target.value),
  });
  const choice = (name: "purpose" | "functionalArea" | "region" | "channel", options: Option[]) => (
    <Field id={`c-${name}`} label={t(name)}>
      <Select
        {...bind(name)}
        empty={t("all")}
        options={options}
        optionValue={(o) => o.value}
        optionLabel={(o) => o.label}
      />
    </Field>
  );
  const labelled = (values: readonly string[], label: (value: string) => string) =>
    values.map((value) => ({ value, label: label(value) }));

  const filters = (
    <form className="toolbar" aria-label={t("filters")} onSubmit={(e) => e.preventDefault()}>
      {(["from", "to"] as const).map((end) => (
        <Field key={end} id={`c-${end}`} label={t(end)}>
          <input
            type="date"
            min={dateBounds.min}
            max={dateBounds.max}
            {...bind(end, data?.[end])}
          />
        </Field>
      ))}
      {choice("purpose", purposes)}
      {choice(
        "functionalArea",
        labelled(areas, (a) => tp(`areas.${a as "marketing"}`)),
      )}
      {choice(
        "region",
        labelled(regions, (r) => r),
      )}
      {choice(
        "channel",
        labelled(channels, (c) => t(`channels.${c as "web"}`)),
      )}
      <Field id="c-definition" label={t("definition")}>
        <Select
          {...bind("definition", data?.definition ?? "consent-rate")}
          options={definitions}
          optionLabel={(d) => t(`definitions.${d}`)}
        />
      </Field>
      <Field id="c-interval" label={t("interval")}>
        <Select
          {...bind("interval", data?.interval ?? "week")}
          options={intervals}
          optionLabel={(i) => t(`intervals.${i}`)}
        />
      </Field>
      <button type="button" className="secondary" onClick={resetFilter}>
        {t("reset")}
      </button>
    </form>
  );

  if (status || !data)
    return (
      <MetricsFrame filters={filters} busy={isFetching}>
        {status}
      </MetricsFrame>
    );

  // What the figures are of, in every title ("Newsletter · DE"); purposes by the page's names.
  const nameOf = (key: string, name = key) => purposes.find((o) => o.value === key)?.label ?? name;
  const filtered = ["purpose", "functionalArea", "region", "channel"] as const;
  const scope = filtered
    .map((key) => {
      const v = valueOf(key);
      if (!v || key === "region") return v;
      return key === "purpose"
        ? nameOf(v)
        : key === "channel"
          ? t(`channels.${v as "web"}`)
          : tp(`areas.${v as "marketing"}`);
    })
    .filter(Boolean)
    .join(" · ");
  const titled = (title: string) => `${title} · ${scope || t("allPurposes")}`;
  const sample = (n: number) => t("sample", { n });
  // Every figure names the definition it was computed with (docs/metrics.md, /definitions).
  const definition = data.definition;
  const rateName = t(`definitions.${definition}`);

  // A retired purpose's frozen figures are not in the figures across purposes (unless the
  // filter names it: the server says which, for the filter the figures shown were read with),
  // nor in the charts beside them; a line under the cards names them.
  const counted = data.purposes.filter((p) => p.inOverall);
  const leftOut = data.purposes.filter((p) => !p.inOverall && p.decided > 0);
  const shown = counted.filter((p) => p.decided > 0 || p.series.some((s) => s.decided > 0));
  const lineRows = (shown[0]?.series ?? []).map((point, i) => ({
    date: point.date,
    definition,
    ...Object.fromEntries(shown.map((p) => [p.key, p.series[i]?.rate ?? null])),
  }));
  // Every rate with its definition and sample size (on the bar where there is room, else in
  // the tooltip); the downloads carry the same columns.
  const rated = (r: { rate: number | null; numerator: number; denominator: number }) => ({
    definition,
    rate: r.rate,
    numerator: r.numerator,
    denominator: r.denominator,
    label: `${pct(r.rate)} · ${sample(r.denominator)}`,
  });
  const rateColumns = ["definition", "rate", "numerator", "denominator"];
  const nowRows = shown.map((p) => ({
    purpose: nameOf(p.key, p.name),
    key: p.key,
    ...rated(p),
  }));
  const regionRows = data.byRegion.map((r) => ({
    region: r.region,
    ...rated(r),
  }));
  const channelRows = data.byChannel.map((c) => ({
    channel: t(`channels.${c.channel as "web"}`),
    key: c.channel,
    ...rated(c),
  }));
  const totalEvents = data.events.grant + data.events.deny + data.events.withdraw;

  return (
    <MetricsFrame filters={filters} busy={isFetching}>
      <FiguresAsOf asOf={[...readAt.asOf, asOf]} maxAge={readAt.maxAge} />
      <div className="cards">
        <MetricCard
          id="c-overall"
          title={titled(rateName)}
          value={pct(data.overall.rate)}
          valueTestId="consent-overall-rate"
          hint={t(`overallHint.${definition}`, {
            // Over several purposes the terms are summed: a customer counts once per purpose.
            purposes: counted.length === 1 ? "one" : "other",
            numerator: data.overall.numerator,
            denominator: data.overall.denominator,
            date: day(data.to),
            from: day(data.from),
          })}
        >
          <p className="muted" data-testid="consent-previous">
            {t("previous", {
              // The consent and opt-in rates are customers' state at the period's end; the
              // acceptance rate counts the period's decisions.
              over: data.definition === "acceptance-rate" ? "period" : "end",
              from: day(data.previous.from),
              to: day(data.previous.to),
              rate: pct(data.previous.overall.rate),
              change: formatPoints(format, data.overall.rate, data.previous.overall.rate),
            })}
          </p>
        </MetricCard>
        <MetricCard
          id="c-events"
          title={`${t("grants")} · ${t("denies")} · ${t("withdrawals")}`}
          // A line may break only before a separator, never leave one dangling: "401 · 266",
          // then "· 125".
          value={[data.events.grant, data.events.deny, data.events.withdraw]
            .map((n) => format.number(n))
            .join(" ·\u00a0")}
          valueTestId="consent-events"
          hint={t("eventsHint", { from: day(data.from), to: day(data.to) })}
        />
        <MetricCard
          id="c-gpc"
          title={t("gpcShare")}
          value={pct(data.gpcShare)}
          valueTestId="consent-gpc-share"
          hint={t("gpcHint", { count: data.gpcEvents })}
        />
      </div>
      {leftOut.length > 0 && (
        <p className="muted" data-testid="consent-retired">
          {t("retiredLeftOut", {
            count: leftOut.length,
            names: format.list(leftOut.map((p) => nameOf(p.key, p.name))),
          })}
        </p>
      )}

      {shown.length === 0 || totalEvents + data.overall.decided === 0 ? (
        <p className="empty-state" data-testid="consent-empty">
          {t("noDecisions")}
        </p>
      ) : (
        <>
          <ChartFigure
            caption={titled(t("rateOverTime", { rate: rateName }))}
            summary={shown.map((p) => `${nameOf(p.key, p.name)}: ${pct(p.rate)}`).join(", ")}
            csv={csv(`${definition}-over-time.csv`, [
              "date",
              "definition",
              ...shown.map((p) => p.key),
            ])}
            data={lineRows}
            x="date"
            height={320}
            minTickGap={24}
            shares
            legend
            series={shown.map((p, i) => ({
              key: p.key,
              name: nameOf(p.key, p.name),
              color: seriesColor(i),
              kind: "line" as const,
            }))}
          />

          <div className="chart-grid">
            <ChartFigure
              caption={titled(
                t("rateNow", {
                  rate: rateName,
                  range: definition === "acceptance-rate" ? "yes" : "no",
                  from: day(data.from),
                  to: day(data.to),
                }),
              )}
              summary={rateSummary(nowRows, (r) => r.purpose)}
              csv={csv(`${definition}-by-purpose.csv`, ["key", "purpose", ...rateColumns])}
              data={nowRows}
              x="purpose"
              height={Math.max(200, 40 + nowRows.length * 36)}
              vertical
              allCategoryTicks
              barValues="label"
              shares
              series={rateSeries(tones.blue)}
            />
            <ChartFigure
              caption={titled(t("byRegion", { rate: rateName }))}
              summary={rateSummary(regionRows, (r) => r.region)}
              testId="consent-by-region"
              csv={csv(`${definition}-by-region.csv`, ["region", ...rateColumns])}
              data={regionRows}
              x="region"
              height={280}
              allCategoryTicks
              tooltipKey="label"
              shares
              series={rateSeries(tones.green)}
            />
            <ChartFigure
              caption={titled(t("byChannel", { rate: rateName }))}
              summary={rateSummary(channelRows, (r) => r.channel)}
              csv={csv(`${definition}-by-channel.csv`, ["key", ...rateColumns])}
              data={channelRows}
              x="channel"
              height={Math.max(200, 40 + channelRows.length * 36)}
              vertical
              allCategoryTicks
              barValues="label"
              shares
              series={rateSeries(tones.amber)}
            />
          </div>
        </>
      )}
    </MetricsFrame>
  );
}
