"use client";
import { useFormatter, useTranslations } from "next-intl";
import { numberFormat, formatDay } from "@/components/ui/format";
import { partyColors, tones } from "@/components/ui/palette";
import { useMetrics } from "@/components/ui/use-metrics";
import { FiguresAsOf, type ReadAt } from "@/components/ui/figures-as-of";
import { ChartFigure, chartCsv } from "@/components/charts/chart-figure";
import type { SourceMetrics } from "@/lib/metrics/sources";
import { partyOrder } from "@/lib/sources/mix";
import { MetricCard } from "@/components/ui/metric-card";

/** `readAt`: when the page's own reads were made (the line above the cards shows the oldest). */
export function SourcesDashboard({ readAt }: { readAt: ReadAt }) {
  const t = useTranslations("sources");
  const format = useFormatter();
  const { data, asOf, isPending, isError } = useMetrics<SourceMetrics>("sources", readAt.maxAge);
  const { percent: pct } = numberFormat(format);
  const csv = chartCsv(t("exportChart"));

  if (isPending)
    return (
      <div
        className="skeleton"
        style={{ height: 520 }}
        aria-busy="true"
        aria-label={t("loading")}
      />
    );
  if (isError || !data) return <p className="notice error">{t("loadError")}</p>;

  const partyName = (p: (typeof partyOrder)[number]) => t(`parties.${p}`);
  const mixRows = data.byParty.map((p) => ({
    party: partyName(p.party),
    sources: p.sources,
    volume: p.volume,
    share: p.share,
  }));
  const pathByMonth = new Map(data.phaseOut.path.map((p) => [p.month, p.targetThirdPartyShare]));
  const trendRows = data.series.map((p) => ({ ...p, target: pathByMonth.get(p.month) ?? null }));
  const target = data.phaseOut.target;

  return (
    <>
      <FiguresAsOf asOf={[...readAt.asOf, asOf]} maxAge={readAt.maxAge} />
      <div className="cards">
        <MetricCard
          id="fp-share"
          title={t("firstPartyShare")}
          value={pct(data.firstPartyShare)}
          valueTestId="first-party-share"
          hint={t("firstPartyHint")}
        />
        <MetricCard
          id="tp-share"
          title={t("thirdPartyShare")}
          value={pct(data.thirdPartyShare)}
          valueTestId="third-party-share"
        >
          <p>
            <span
              className={`status verdict-${data.phaseOut.verdict}`}
              data-testid="phase-out-verdict"
            >
              {t(`verdict.${data.phaseOut.verdict}`)}
            </span>
          </p>
          {target && (
            <p className="muted">
              {t("verdictDetail", {
                target: pct(target.targetThirdPartyShare),
                date: formatDay(format, target.targetDate),
                expected: pct(data.phaseOut.expectedThirdPartyShare),
                actual: pct(data.thirdPartyShare),
              })}
              {target.baseline &&
                ` ${t("verdictFrom", {
                  share: pct(target.baseline.thirdPartyShare),
                  month: format.dateTime(new Date(`${target.baseline.month}-01T00:00:00Z`), {
                    month: "short",
                    year: "numeric",
                    timeZone: "UTC",
                  }),
                })}`}
            </p>
          )}
        </MetricCard>
        <MetricCard id="cookie-share" title={t("cookieShare")} value={pct(data.cookieBasedShare)} />
        <MetricCard
          id="active-sources"
          title={t("activeSources")}
          value={data.sources}
          valueTestId="active-sources"
          hint={t("records", { count: data.volume })}
        />
      </div>

      <div className="chart-grid">
        <ChartFigure
          caption={t("mixByCount")}
          summary={mixRows.map((r) => `${r.party}: ${r.sources}`).join(", ")}
          csv={csv("sources-by-party.csv", ["party", "sources", "volume", "share"])}
          data={mixRows}
          x="party"
          height={220}
          allCategoryTicks
          integerValues
          series={[{ key: "sources", name: t("activeSources"), color: tones.blue, kind: "bar" }]}
        />
        <ChartFigure
          caption={t("mixByVolume")}
          summary={mixRows.map((r) => `${r.party}: ${pct(r.share)}`).join(", ")}
          csv={csv("records-by-party.csv", ["party", "sources", "volume", "share"])}
          data={mixRows}
          x="party"
          height={220}
          allCategoryTicks
          series={[{ key: "volume", name: t("volume"), color: tones.green, kind: "bar" }]}
        />
      </div>

      <ChartFigure
        caption={t("trend")}
        summary={`${t("trend")}: ${partyOrder.map((p) => `${partyName(p)} ${pct(data.series[0]?.[p])} → ${pct(data.series.at(-1)?.[p])}`).join(", ")}`}
        csv={csv("party-share-by-month.csv", [
          "month",
          "zero",
          "first",
          "second",
          "third",
          "target",
        ])}
        data={trendRows}
        x="month"
        height={320}
        minTickGap={24}
        shares
        legend
        series={[
          ...partyOrder.map((p) => ({
            key: p,
            name: partyName(p),
            color: partyColors[p],
            kind: "area" as const,
            stackId: "mix",
            curve: "stepAfter" as const,
          })),
          ...(target
            ? [
                {
                  key: "target",
                  name: t("trendPath"),
                  color: tones.ink,
                  kind: "line" as const,
                  dashed: true,
                },
              ]
            : []),
        ]}
      />
    </>
  );
}
