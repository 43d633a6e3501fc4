"use client";
import { useFormatter, useTranslations } from "next-intl";
import { LazyChart } from "@/components/charts/lazy-chart";
import { CsvDownloadButton } from "@/components/charts/csv-download-button";
import type { CoveragePoint } from "@/lib/laws/model";

/** Share of the company's profiles covered by at least one law in force, month by month. */
export function CoverageChart({ series }: { series: CoveragePoint[] }) {
  const t = useTranslations("laws");
  const format = useFormatter();
  const pct = (v: number | null) =>
    v === null ? "—" : format.number(v, { style: "percent", maximumFractionDigits: 1 });
  return (
    <figure aria-label={t("coverageChart")} style={{ margin: 0 }}>
      <LazyChart
        data={series}
        x="month"
        height={260}
        valueDomain={[0, 1]}
        valueFormat={(v) => pct(v)}
        valueWidth={56}
        series={[
          {
            key: "share",
            name: t("coverageShare"),
            color: "#1f4fd1",
            kind: "line",
            curve: "stepAfter",
          },
        ]}
      />
      <figcaption className="muted">
        {t("coverageCaption")}{" "}
        <CsvDownloadButton
          rows={series}
          columns={["month", "covered", "total", "share"]}
          filename="law-coverage.csv"
          label={t("exportCsv")}
        />
      </figcaption>
    </figure>
  );
}
