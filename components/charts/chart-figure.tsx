"use client";
import { useFormatter, useLocale } from "next-intl";
import { useId, type ReactNode } from "react";
import { formatPercent } from "@/components/ui/format";
import type { ChartProps } from "./chart-kit";
import { CsvDownloadButton } from "./csv-download-button";
import { LazyChart } from "./lazy-chart";

/**
 * A chart's download, named by `csv(filename, columns)`, every chart of a dashboard under
 * `label`. The file name carries the filter it was drawn with (`_region-DE_purpose-newsletter`),
 * so two downloads of one chart never pass for each other.
 */
export function chartCsv(label: string, filterQuery = "") {
  const suffix =
    filterQuery &&
    `_${filterQuery
      .replace(/=/g, "-")
      .replace(/&/g, "_")
      .replace(/[^\w.-]/g, "_")}`;
  return (filename: string, columns: string[]) => ({
    filename: filename.replace(/\.csv$/, `${suffix}.csv`),
    columns,
    label,
  });
}

/**
 * One dashboard chart as every dashboard shows it: a caption, the chart (described for screen
 * readers by `summary`, drawn lazily), and a download of exactly the rows it draws.
 */
export function ChartFigure({
  caption,
  summary,
  testId,
  csv,
  shares,
  ...chart
}: ChartProps & {
  caption: ReactNode;
  summary: string;
  testId?: string;
  /** The download: the chart's own rows unless others are named. */
  csv: { rows?: Record<string, unknown>[]; columns: string[]; filename: string; label: string };
  /** Values are shares: drawn from 0 to 100 % and labelled as percentages. */
  shares?: boolean;
}) {
  const format = useFormatter();
  const locale = useLocale();
  const captionId = useId();
  const scale = shares
    ? {
        valueDomain: [0, 1] as [number, number],
        valueFormat: (v: number) => formatPercent(format, v),
        tickFormat: (v: number) => formatPercent(format, v, 0),
      }
    : {};
  return (
    <figure className="card chart">
      <figcaption id={captionId}>{caption}</figcaption>
      <div role="img" aria-label={summary} data-testid={testId}>
        <LazyChart {...chart} {...scale} locale={locale} />
      </div>
      {/* Every chart's button says the same; its caption tells a screen reader which chart. */}
      <CsvDownloadButton {...csv} rows={csv.rows ?? chart.data} describedBy={captionId} />
    </figure>
  );
}
