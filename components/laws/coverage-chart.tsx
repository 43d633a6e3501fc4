"use client";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { ChartFigure } from "@/components/charts/chart-figure";
import type { CoveragePoint } from "@/lib/laws/model";
import { calendarLabel } from "@/components/charts/calendar-label";
import { numberFormat } from "@/components/ui/format";
import { tones } from "@/components/ui/palette";

/**
 * Share of the company's profiles covered by at least one law in force, month by month, with the
 * industry's figure for the world's population (data/industry-figures.json) as a dashed line.
 */
export function CoverageChart({
  series,
  reference,
}: {
  series: CoveragePoint[];
  reference?: number;
}) {
  const t = useTranslations("laws");
  const format = useFormatter();
  const { percent: pct } = numberFormat(format);
  const first = series[0];
  const last = series.at(-1);
  const month = calendarLabel(useLocale());
  return (
    <ChartFigure
      caption={t("coverageCaption")}
      summary={`${t("coverageChart")}: ${month(first?.month ?? "")} ${pct(first?.share ?? null)} → ${month(last?.month ?? "")} ${pct(last?.share ?? null)}${reference === undefined ? "" : `; ${t("coverageWorld")}: ${pct(reference)}`}`}
      csv={{
        columns: ["month", "covered", "total", "share"],
        filename: "law-coverage.csv",
        label: t("exportCsv"),
      }}
      data={reference === undefined ? series : series.map((p) => ({ ...p, world: reference }))}
      x="month"
      height={260}
      shares
      // The dashed line says what it is: the industry's figure, with its source.
      legend={reference !== undefined}
      series={[
        {
          key: "share",
          name: t("coverageShare"),
          color: tones.blue,
          kind: "line",
          curve: "stepAfter",
        },
        ...(reference === undefined
          ? []
          : [
              {
                key: "world",
                name: t("coverageWorld"),
                color: tones.grey,
                kind: "line" as const,
                dashed: true,
              },
            ]),
      ]}
    />
  );
}
