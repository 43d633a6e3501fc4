"use client";
/**
 * The one place that draws charts (Recharts). Dashboards describe a chart — rows, the category
 * key, the series — and load this module lazily through LazyChart, so Recharts is not part of
 * any page's first load.
 */
import {
  Area,
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

export type ChartSeries = {
  key: string;
  name: string;
  color: string;
  kind: "bar" | "line" | "area";
  stackId?: string;
  dashed?: boolean;
  curve?: "linear" | "stepAfter" | "monotone";
  fillOpacity?: number;
};

export type ChartProps = {
  data: Record<string, unknown>[];
  /** The category key (x axis, or y axis when `vertical`). */
  x: string;
  series: ChartSeries[];
  height: number;
  /** Horizontal bars: categories down the side, values across. */
  vertical?: boolean;
  valueDomain?: [number, number];
  valueFormat?: (value: number) => string;
  valueWidth?: number;
  categoryWidth?: number;
  legend?: boolean;
  integerValues?: boolean;
  minTickGap?: number;
  allCategoryTicks?: boolean;
  fontSize?: number;
};

export function Chart(props: ChartProps) {
  const { data, x, series, height, vertical, valueDomain, valueFormat } = props;
  const ticks = valueFormat ? (v: number) => valueFormat(v) : undefined;
  const category = {
    dataKey: x,
    interval: props.allCategoryTicks ? 0 : undefined,
    minTickGap: props.minTickGap,
    fontSize: props.fontSize,
  } as const;
  const value = {
    domain: valueDomain,
    tickFormatter: ticks,
    allowDecimals: !props.integerValues,
  } as const;
  return (
    <ResponsiveContainer width="100%" height={height}>
      <ComposedChart
        data={data}
        layout={vertical ? "vertical" : "horizontal"}
        accessibilityLayer={false}
        margin={{ top: 8, right: 16, bottom: 8, left: 0 }}
      >
        <CartesianGrid strokeDasharray="3 3" vertical={!!vertical} horizontal={!vertical} />
        {vertical ? (
          <>
            <XAxis type="number" {...value} />
            <YAxis type="category" width={props.categoryWidth ?? 150} {...category} />
          </>
        ) : (
          <>
            <XAxis {...category} />
            <YAxis width={props.valueWidth ?? 50} {...value} />
          </>
        )}
        <Tooltip
          formatter={(v) =>
            v === null || v === undefined ? "—" : valueFormat ? valueFormat(Number(v)) : String(v)
          }
        />
        {props.legend && <Legend />}
        {series.map((s) => {
          // Every series draws its column under its legend name, without animation; an area and
          // a line also share the stroke and the curve between points.
          const common = { dataKey: s.key, name: s.name, isAnimationActive: false };
          if (s.kind === "bar") {
            return <Bar key={s.key} {...common} fill={s.color} stackId={s.stackId} />;
          }
          const curve = { ...common, type: s.curve ?? "linear", stroke: s.color } as const;
          return s.kind === "area" ? (
            <Area
              key={s.key}
              {...curve}
              stackId={s.stackId}
              fill={s.color}
              fillOpacity={s.fillOpacity ?? 0.35}
            />
          ) : (
            <Line
              key={s.key}
              {...curve}
              strokeWidth={2}
              strokeDasharray={s.dashed ? "6 4" : undefined}
              dot={false}
              connectNulls
            />
          );
        })}
      </ComposedChart>
    </ResponsiveContainer>
  );
}
