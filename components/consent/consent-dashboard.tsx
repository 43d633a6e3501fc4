"use client";
import type { ChangeEvent } from "react";
import { useFormatter, useTranslations } from "next-intl";
import { ChartFigure, chartCsv } from "@/components/charts/chart-figure";
import { Field, Select } from "@/components/ui/field";
import { MetricsPlaceholder } from "@/components/ui/metrics-status";
import { numberFormat } from "@/components/ui/format";
import { seriesColor, tones } from "@/components/ui/palette";
import { useFilteredMetrics } from "@/components/ui/use-metrics";
import { useUrlFilter, type InitialFilter } from "@/components/ui/use-url-filter";
import type { ConsentMetrics } from "@/lib/metrics/consent";
import { intervals } from "@/lib/date-range";
import { MetricCard } from "@/components/ui/metric-card";

// The filter module (its nuqs parsers) loads on the first change of a filter, not with the page.
const loadFilter = () => import("@/lib/filters/consent").then((m) => m.consentFilter);

type Option = { value: string; label: string };

export function ConsentDashboard({
  purposes,
  areas,
  regions,
  channels,
  dateBounds,
  today,
  initialFilter,
}: {
  purposes: Option[];
  /** The functional areas to filter by (passed in: the value lists stay off the first load). */
  areas: readonly string[];
  regions: string[];
  /** The channels to filter by, likewise. */
  channels: readonly string[];
  /** The days a filter may name (lib/date-range), for the date pickers. */
  dateBounds: { min: string; max: string };
  /** YYYY-MM-DD on the server's clock, for the filter's range checks. */
  today: string;
  /** The filter the page parsed from the address it was opened with. */
  initialFilter: InitialFilter;
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
  const { data, isFetching, status } = useFilteredMetrics<ConsentMetrics>("consent", filter, t);
  const { percent: pct } = numberFormat(format);
  const csv = chartCsv(t("exportChart"), filter.query);
  // The "rate by …" bar charts: one series of rates, described as "name: rate" for screen readers.
  const rateSeries = (color: string) => [
    { key: "rate", name: t("rate"), color, kind: "bar" as const },
  ];
  const rateSummary = <R extends { rate: number | null }>(rows: R[], name: (row: R) => string) =>
    rows.map((r) => `${name(r)}: ${pct(r.rate)}`).join(", ");
  const day = (iso: string) =>
    format.dateTime(new Date(`${iso}T00:00:00Z`), { dateStyle: "medium" });

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

  if (status || !data) return <MetricsPlaceholder filters={filters} status={status} />;

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

  const shown = data.purposes.filter((p) => p.decided > 0 || p.series.some((s) => s.decided > 0));
  const lineRows = (shown[0]?.series ?? []).map((point, i) => ({
    date: point.date,
    ...Object.fromEntries(shown.map((p) => [p.key, p.series[i]?.rate ?? null])),
  }));
  // Every rate with its sample size: on the bar where there is room, else in the tooltip.
  const rated = (r: { rate: number | null; decided: number }) =>
    `${pct(r.rate)} · ${sample(r.decided)}`;
  const nowRows = shown.map((p) => ({
    purpose: nameOf(p.key, p.name),
    key: p.key,
    rate: p.rate,
    granted: p.granted,
    decided: p.decided,
    label: rated(p),
  }));
  const regionRows = data.byRegion.map((r) => ({
    region: r.region,
    rate: r.rate,
    granted: r.granted,
    decided: r.decided,
    label: rated(r),
  }));
  const channelRows = data.byChannel.map((c) => ({
    channel: t(`channels.${c.channel as "web"}`),
    key: c.channel,
    rate: c.rate,
    granted: c.granted,
    decided: c.decided,
    label: rated(c),
  }));
  const totalEvents = data.events.grant + data.events.deny + data.events.withdraw;

  return (
    <div aria-busy={isFetching}>
      {filters}
      <div className="cards">
        <MetricCard
          id="c-overall"
          title={titled(t("overall"))}
          value={pct(data.overall.rate)}
          valueTestId="consent-overall-rate"
          hint={t("overallHint", {
            granted: data.overall.granted,
            decided: data.overall.decided,
            date: day(data.to),
          })}
        />
        <MetricCard
          id="c-events"
          title={`${t("grants")} · ${t("denies")} · ${t("withdrawals")}`}
          value={[data.events.grant, data.events.deny, data.events.withdraw]
            .map((n) => format.number(n))
            .join(" · ")}
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

      {shown.length === 0 || totalEvents + data.overall.decided === 0 ? (
        <p className="empty-state" data-testid="consent-empty">
          {t("noDecisions")}
        </p>
      ) : (
        <>
          <ChartFigure
            caption={titled(t("rateOverTime"))}
            summary={shown.map((p) => `${nameOf(p.key, p.name)}: ${pct(p.rate)}`).join(", ")}
            csv={csv("consent-rate-over-time.csv", ["date", ...shown.map((p) => p.key)])}
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
              caption={titled(t("rateNow", { date: day(data.to) }))}
              summary={rateSummary(nowRows, (r) => r.purpose)}
              csv={csv("consent-rate-by-purpose.csv", [
                "key",
                "purpose",
                "rate",
                "granted",
                "decided",
              ])}
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
              caption={titled(t("byRegion"))}
              summary={rateSummary(regionRows, (r) => r.region)}
              testId="consent-by-region"
              csv={csv("consent-rate-by-region.csv", ["region", "rate", "granted", "decided"])}
              data={regionRows}
              x="region"
              height={280}
              allCategoryTicks
              tooltipKey="label"
              shares
              series={rateSeries(tones.green)}
            />
            <ChartFigure
              caption={titled(t("byChannel"))}
              summary={rateSummary(channelRows, (r) => r.channel)}
              csv={csv("consent-rate-by-channel.csv", ["key", "rate", "granted", "decided"])}
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
    </div>
  );
}
