"use client";
import { useQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import {
  Area,
  Bar,
  BarChart,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { CsvDownloadButton } from "@/components/charts/csv-download-button";
import type { SourceMetrics } from "@/lib/metrics/sources";
import { fetchJson } from "@/lib/query-client";
import { sourceMetricsQueryKey } from "@/lib/query-keys";
import { partyOrder } from "@/lib/sources/mix";

export const partyColors = {
  zero: "#1b7f5a",
  first: "#1f4fd1",
  second: "#a35f00",
  third: "#b42318",
} as const;

export function SourcesDashboard() {
  const t = useTranslations("sources");
  const format = useFormatter();
  const { data, isPending, isError } = useQuery({
    queryKey: sourceMetricsQueryKey,
    queryFn: () => fetchJson<SourceMetrics>("/api/v1/metrics/sources"),
  });
  const pct = (v: number | null | undefined) =>
    v === null || v === undefined
      ? "—"
      : format.number(v, { style: "percent", maximumFractionDigits: 1 });

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
      <div className="cards">
        <section className="card" aria-labelledby="fp-share">
          <h2 id="fp-share">{t("firstPartyShare")}</h2>
          <p className="figure" data-testid="first-party-share">
            {pct(data.firstPartyShare)}
          </p>
          <p className="muted">{t("firstPartyHint")}</p>
        </section>
        <section className="card" aria-labelledby="tp-share">
          <h2 id="tp-share">{t("thirdPartyShare")}</h2>
          <p className="figure" data-testid="third-party-share">
            {pct(data.thirdPartyShare)}
          </p>
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
                date: format.dateTime(new Date(`${target.targetDate}T00:00:00Z`), {
                  dateStyle: "medium",
                }),
                expected: pct(data.phaseOut.expectedThirdPartyShare),
                actual: pct(data.thirdPartyShare),
              })}
            </p>
          )}
        </section>
        <section className="card" aria-labelledby="cookie-share">
          <h2 id="cookie-share">{t("cookieShare")}</h2>
          <p className="figure">{pct(data.cookieBasedShare)}</p>
        </section>
        <section className="card" aria-labelledby="active-sources">
          <h2 id="active-sources">{t("activeSources")}</h2>
          <p className="figure" data-testid="active-sources">
            {data.sources}
          </p>
          <p className="muted">{t("records", { count: data.volume })}</p>
        </section>
      </div>

      <div className="chart-grid">
        <figure className="card chart">
          <figcaption>{t("mixByCount")}</figcaption>
          <div role="img" aria-label={mixRows.map((r) => `${r.party}: ${r.sources}`).join(", ")}>
            <ResponsiveContainer width="100%" height={220}>
              <BarChart data={mixRows} accessibilityLayer={false}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="party" interval={0} />
                <YAxis allowDecimals={false} width={40} />
                <Tooltip />
                <Bar dataKey="sources" name={t("activeSources")} fill="#1f4fd1" />
              </BarChart>
            </ResponsiveContainer>
          </div>
          <CsvDownloadButton
            rows={mixRows}
            columns={["party", "sources", "volume", "share"]}
            filename="sources-by-party.csv"
            label={t("exportChart")}
          />
        </figure>
        <figure className="card chart">
          <figcaption>{t("mixByVolume")}</figcaption>
          <div role="img" aria-label={mixRows.map((r) => `${r.party}: ${pct(r.share)}`).join(", ")}>
            <ResponsiveContainer width="100%" height={220}>
              <BarChart data={mixRows} accessibilityLayer={false}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="party" interval={0} />
                <YAxis
                  width={70}
                  tickFormatter={(v: number) => format.number(v, { notation: "compact" })}
                />
                <Tooltip formatter={(v) => format.number(Number(v))} />
                <Bar dataKey="volume" name={t("volume")} fill="#1b7f5a" />
              </BarChart>
            </ResponsiveContainer>
          </div>
          <CsvDownloadButton
            rows={mixRows}
            columns={["party", "sources", "volume", "share"]}
            filename="records-by-party.csv"
            label={t("exportChart")}
          />
        </figure>
      </div>

      <figure className="card chart">
        <figcaption>{t("trend")}</figcaption>
        <div
          role="img"
          aria-label={`${t("trend")}: ${partyOrder.map((p) => `${partyName(p)} ${pct(data.series[0]?.[p])} → ${pct(data.series.at(-1)?.[p])}`).join(", ")}`}
        >
          <ResponsiveContainer width="100%" height={320}>
            <ComposedChart data={trendRows} accessibilityLayer={false}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="month" minTickGap={24} />
              <YAxis width={50} domain={[0, 1]} tickFormatter={(v: number) => pct(v)} />
              <Tooltip formatter={(v) => pct(v === null ? null : Number(v))} />
              <Legend />
              {partyOrder.map((p) => (
                <Area
                  key={p}
                  type="stepAfter"
                  dataKey={p}
                  name={partyName(p)}
                  stackId="mix"
                  stroke={partyColors[p]}
                  fill={partyColors[p]}
                  fillOpacity={0.35}
                  isAnimationActive={false}
                />
              ))}
              {target && (
                <Line
                  type="linear"
                  dataKey="target"
                  name={t("trendPath")}
                  stroke="#111827"
                  strokeDasharray="6 4"
                  dot={false}
                  isAnimationActive={false}
                />
              )}
            </ComposedChart>
          </ResponsiveContainer>
        </div>
        <CsvDownloadButton
          rows={trendRows}
          columns={["month", "zero", "first", "second", "third", "target"]}
          filename="party-share-by-month.csv"
          label={t("exportChart")}
        />
      </figure>
    </>
  );
}
