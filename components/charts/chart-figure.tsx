"use client";
import type { ReactNode } from "react";
import type { ChartProps } from "./chart-kit";
import { CsvDownloadButton } from "./csv-download-button";
import { LazyChart } from "./lazy-chart";

/**
 * One dashboard chart as every dashboard shows it: a caption, the chart (described for screen
 * readers by `summary`, drawn lazily), and a download of exactly the rows it draws.
 */
export function ChartFigure({
  caption,
  summary,
  testId,
  csv,
  ...chart
}: ChartProps & {
  caption: ReactNode;
  summary: string;
  testId?: string;
  csv: { rows: Record<string, unknown>[]; columns: string[]; filename: string; label: string };
}) {
  return (
    <figure className="card chart">
      <figcaption>{caption}</figcaption>
      <div role="img" aria-label={summary} data-testid={testId}>
        <LazyChart {...chart} />
      </div>
      <CsvDownloadButton {...csv} />
    </figure>
  );
}
