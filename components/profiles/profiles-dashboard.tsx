"use client";
import { lazy, Suspense, type ChangeEvent } from "react";
import { useFormatter, useTranslations } from "next-intl";
import { ChartFigure, chartCsv } from "@/components/charts/chart-figure";
import { humanize, numberFormat } from "@/components/ui/format";
import { partyColors, tones } from "@/components/ui/palette";
import { useFilteredMetrics } from "@/components/ui/use-metrics";
import { FiguresAsOf, type ReadAt } from "@/components/ui/figures-as-of";
import type { ProfileMetrics } from "@/lib/metrics/profiles";
import { partyValues } from "@/lib/enums";
import { Field, Select } from "@/components/ui/field";
import { MetricsFrame } from "@/components/ui/metrics-status";
import { useUrlFilter, type InitialFilter } from "@/components/ui/use-url-filter";
import { MetricCard } from "@/components/ui/metric-card";

// Identity figures sit below the fold: their code loads after the page's.
const IdentityCharts = lazy(() =>
  import("./identity-charts").then((m) => ({ default: m.IdentityCharts })),
);

// The filter module (its nuqs parsers) loads on the first change of a filter, not with the page.
const loadFilter = () => import("@/lib/filters/profiles").then((m) => m.profileFilter);

const provenanceParties = ["zero", "first", "second", "third", "unknown"] as const;

export function ProfilesDashboard({
  today,
  initialFilter,
  purposeNames,
  readAt,
}: {
  today: string;
  /** Purposes by the name the reader's language gives them, by key. */
  purposeNames: Record<string, string>;
  /** The filter the page parsed from the address it was opened with. */
  initialFilter: InitialFilter;
  /** When the page's own reads were made (the line under the filters shows the oldest). */
  readAt: ReadAt;
}) {
  const t = useTranslations("profiles");
  const ts = useTranslations("sources");
  const format = useFormatter();
  const { filter, valueOf, setFilter } = useUrlFilter(loadFilter, initialFilter, today);
  const { data, asOf, isFetching, status } = useFilteredMetrics<ProfileMetrics>(
    "profiles",
    readAt.maxAge,
    filter,
    t,
  );
  const { percent: pct } = numberFormat(format);
  const csv = chartCsv(t("exportChart"), filter.query);
  const partyName = (p: (typeof provenanceParties)[number]) =>
    p === "unknown" ? t("unknownParty") : ts(`parties.${p}`);

  const bind = (name: "region" | "party" | "unit") => ({
    id: `p-${name}`,
    value: valueOf(name),
    onChange: (e: ChangeEvent<HTMLSelectElement>) => setFilter(name, e.target.value),
  });

  const filters = (
    <form className="toolbar" aria-label={t("filters")} onSubmit={(e) => e.preventDefault()}>
      <Field id="p-region" label={t("region")}>
        <Select
          {...bind("region")}
          empty={t("all")}
          options={data?.regions ?? []}
          optionLabel={(r) => r}
        />
      </Field>
      <Field id="p-unit" label={t("unit")}>
        <Select
          {...bind("unit")}
          options={["person"] as const}
          empty={t("units.profile")}
          optionLabel={(u) => t(`units.${u}`)}
        />
      </Field>
      <Field id="p-party" label={t("party")}>
        <Select
          {...bind("party")}
          empty={t("allParties")}
          options={partyValues}
          optionLabel={(p) => ts(`parties.${p}`)}
        />
      </Field>
      <button
        type="button"
        className="secondary"
        onClick={() => history.replaceState(null, "", location.pathname)}
      >
        {t("clear")}
      </button>
    </form>
  );

  if (status || !data)
    return (
      <MetricsFrame filters={filters} busy={isFetching}>
        {status}
      </MetricsFrame>
    );
  if (data.profiles === 0)
    return (
      <MetricsFrame filters={filters} busy={isFetching}>
        <p className="notice">{t("empty")}</p>
      </MetricsFrame>
    );

  const unit = data.unit;
  const histogramRows = data.histogram.map((b) => ({
    // "0–10%", in German "0–10 %": the reader's percent sign.
    bucket: t("bucket", { from: Math.round(b.from * 100), to: Math.round(b.to * 100) }),
    from: b.from,
    to: b.to,
    count: b.count,
  }));
  const fillRows = data.fillRates.map((f) => ({
    ...f,
    label: t("attributeLabel", {
      group: t(`groups.${f.group as "identity"}`),
      name: t.has(`attributes.${f.name}` as "attributes.email")
        ? t(`attributes.${f.name}` as "attributes.email")
        : humanize(f.name),
    }),
    ...Object.fromEntries(
      provenanceParties.map((p) => [p, data.profiles ? f.byParty[p] / data.profiles : 0]),
    ),
  }));
  const reachRows = data.reach.map((r) => ({
    purpose: r.purpose,
    name: purposeNames[r.purpose] ?? r.name,
    profiles: r.profiles,
    share: r.share,
    label: `${format.number(r.profiles)} (${pct(r.share)})`,
  }));
  const provenance = (party: (typeof provenanceParties)[number]) =>
    pct(data.provenance.total ? data.provenance[party] / data.provenance.total : null);
  // What the figures are of, in every title: "DE · Third-party", or all profiles. The party only
  // where it changes the figure: the count, identity coverage and reach are of every source.
  const party = valueOf("party") && ts(`parties.${valueOf("party") as "first"}`);
  const titled = (title: string, byParty = true) =>
    [title, valueOf("region"), byParty && party].filter(Boolean).join(" · ");

  return (
    <MetricsFrame filters={filters} busy={isFetching}>
      <FiguresAsOf asOf={[...readAt.asOf, asOf]} maxAge={readAt.maxAge} />
      <div className="cards">
        {(
          [
            [
              unit === "person" ? "persons" : "profiles",
              format.number(data.profiles),
              unit === "person" ? t("personsHint") : t("profilesHint", { persons: data.persons }),
            ],
            ["avgCompleteness", pct(data.avgCompleteness), t("avgCompletenessHint")],
            ["share360", pct(data.share360), t("share360Hint", { unit })],
            [
              "identityCoverage",
              pct(data.identityCoverage),
              t("identityCoverageHint", { resolved: data.resolved, unit }),
            ],
          ] as const
        ).map(([key, value, hint]) => (
          <MetricCard
            key={key}
            id={`p-${key}`}
            title={titled(
              key === "share360" ? t(key, { unit }) : t(key),
              key === "share360" || key === "avgCompleteness",
            )}
            value={value}
            valueTestId={`profiles-${key === "persons" ? "profiles" : key}`}
            hint={hint}
          />
        ))}
      </div>
      <p className="muted" data-testid="profiles-provenance">
        {t(
          "provenance",
          Object.fromEntries(provenanceParties.map((p) => [p, provenance(p)])) as Record<
            (typeof provenanceParties)[number],
            string
          >,
        )}
      </p>

      <div className="chart-grid">
        <ChartFigure
          caption={titled(t("histogram", { unit }))}
          summary={histogramRows.map((r) => `${r.bucket}: ${format.number(r.count)}`).join(", ")}
          testId="profiles-histogram"
          csv={csv("profile-completeness-histogram.csv", ["from", "to", "count"])}
          data={histogramRows}
          x="bucket"
          height={280}
          allCategoryTicks
          integerValues
          series={[
            {
              key: "count",
              name: t(unit === "person" ? "persons" : "profiles"),
              color: tones.blue,
              kind: "bar",
            },
          ]}
        />
        <ChartFigure
          caption={titled(t("reach", { unit }), false)}
          summary={reachRows.map((r) => `${r.name}: ${format.number(r.profiles)}`).join(", ")}
          testId="profiles-reach"
          csv={csv("profile-consentable-reach.csv", ["purpose", "name", "profiles", "share"])}
          data={reachRows}
          x="name"
          height={280}
          vertical
          integerValues
          barValues="label"
          series={[
            {
              key: "profiles",
              name: t("reachProfiles", { unit }),
              color: tones.green,
              kind: "bar",
            },
          ]}
        />
      </div>

      <ChartFigure
        caption={titled(t("fillRates", { unit }))}
        summary={fillRows.map((r) => `${r.label}: ${pct(r.rate)}`).join(", ")}
        testId="profiles-fill-rates"
        csv={csv("profile-fill-rates.csv", [
          "group",
          "attribute",
          "key",
          "weight",
          "rate",
          "profiles",
          ...provenanceParties,
        ])}
        data={fillRows}
        x="label"
        height={Math.max(240, fillRows.length * 26 + 60)}
        vertical
        allCategoryTicks
        fontSize={12}
        shares
        legend
        series={provenanceParties.map((p) => ({
          key: p,
          name: partyName(p),
          color: partyColors[p],
          kind: "bar" as const,
          stackId: "fill",
        }))}
      />

      <Suspense fallback={null}>
        <IdentityCharts data={data} region={valueOf("region") || undefined} />
      </Suspense>
    </MetricsFrame>
  );
}
