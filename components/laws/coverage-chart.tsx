"use client";
import { useFormatter, useTranslations } from "next-intl";
import {
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
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
      <div style={{ width: "100%", height: 260 }}>
        <ResponsiveContainer>
          <LineChart data={series} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="month" />
            <YAxis domain={[0, 1]} tickFormatter={(v: number) => pct(v)} width={56} />
            <Tooltip formatter={(v) => pct(typeof v === "number" ? v : null)} />
            <Line
              type="stepAfter"
              dataKey="share"
              name={t("coverageShare")}
              stroke="#1f4fd1"
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
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
