"use client";
/**
 * The one place that draws charts (Recharts). Dashboards describe a chart — rows, the category
 * key, the series — and load this module lazily through LazyChart, so Recharts is not part of
 * any page's first load.
 *
 * The axes are sized from their labels and the chart's width, measured in the browser, so no
 * label is cut at the edge or runs into its neighbour in any language or on any screen: value
 * labels get the width they need; category labels below the bars turn when they no longer fit
 * side by side (and thin out only when even turned they would touch); category labels beside
 * horizontal bars wrap onto lines within a share of the width.
 */
import { useLayoutEffect, useRef, useState } from "react";
import {
  Area,
  Bar,
  CartesianGrid,
  ComposedChart,
  LabelList,
  Legend,
  Line,
  Rectangle,
  type RectangleProps,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { axisCount } from "./axis-count";
import { calendarLabel } from "./calendar-label";

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
  /** The value axis's tick labels, when they differ from the values' (round ticks: 25 %). */
  tickFormat?: (value: number) => string;
  legend?: boolean;
  integerValues?: boolean;
  minTickGap?: number;
  allCategoryTicks?: boolean;
  fontSize?: number;
  /** The reader's locale: count axes are written in it when no `valueFormat` is given. */
  locale?: string;
  /** Each bar carries a label (the row's text under this key): the figure and its sample size. */
  barValues?: string;
  /** The tooltip shows the row's text under this key (a rate with its n) instead of the value;
   * by default the bars' label. */
  tooltipKey?: string;
};

const MARGIN = 8;

/** How far one row's bars reach: its stack's total, or its largest single series. */
function rowExtent(row: Record<string, unknown>, series: ChartSeries[]): number {
  let max = 0;
  const stacks = new Map<string, number>();
  for (const s of series) {
    const v = Number(row[s.key]);
    if (!Number.isFinite(v)) continue;
    if (s.stackId) stacks.set(s.stackId, (stacks.get(s.stackId) ?? 0) + v);
    else max = Math.max(max, v);
  }
  for (const total of stacks.values()) max = Math.max(max, total);
  return max;
}

/** The largest value a chart draws: a stack's total, or its largest single series. */
function largest({ data, series }: ChartProps): number {
  return Math.max(0, ...data.map((row) => rowExtent(row, series)));
}

/**
 * Evenly spaced ticks over a fixed domain, as many as fit side by side (5, 3 or 2: 0–25–50–75–100
 * or 0–50–100 %), rather than Recharts dropping whichever would touch (which left 0, 25, 50, 100).
 */
function evenTicks([low, high]: [number, number], plot: number, label: number): number[] {
  const intervals = [4, 2].find((n) => plot / n >= label + 8) ?? 1;
  return Array.from({ length: intervals + 1 }, (_, i) => low + ((high - low) * i) / intervals);
}

/** The width of the box the chart draws in, kept up to date as the window changes. */
function useWidth() {
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const element = box.current;
    if (!element) return;
    setWidth(element.clientWidth);
    const observer = new ResizeObserver(([entry]) => setWidth(entry!.contentRect.width));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [box, width] as const;
}

let context: CanvasRenderingContext2D | null | undefined;
const widths = new Map<string, number>();
/** The width of a label as the chart draws it, in the page's font (measured once per text). */
function textWidth(text: string, fontSize: number): number {
  const key = `${fontSize}|${text}`;
  let width = widths.get(key);
  if (width !== undefined) return width;
  if (context === undefined) {
    context = document.createElement("canvas").getContext("2d");
    if (context) context.font = `${fontSize}px ${getComputedStyle(document.body).fontFamily}`;
  }
  if (context && !context.font.startsWith(`${fontSize}px`)) {
    context.font = context.font.replace(/^\d+(\.\d+)?px/, `${fontSize}px`);
  }
  width = context ? context.measureText(text).width : text.length * fontSize * 0.6;
  widths.set(key, width);
  return width;
}

/** Words on lines no wider than `max` pixels; a word wider than a line is split. */
function wrap(text: string, max: number, fontSize: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/(?<=[\s-])/)) {
    const next = line + word;
    if (line && textWidth(next.trimEnd(), fontSize) > max) {
      lines.push(line.trimEnd());
      line = word.trimStart();
    } else line = next;
    while (textWidth(line.trimEnd(), fontSize) > max && line.length > 1) {
      let cut = line.length - 1;
      while (cut > 1 && textWidth(`${line.slice(0, cut)}-`, fontSize) > max) cut--;
      lines.push(`${line.slice(0, cut)}-`);
      line = line.slice(cut);
    }
  }
  if (line.trim()) lines.push(line.trimEnd());
  return lines;
}

type TickProps = { x?: number | string; y?: number | string; payload?: { value?: unknown } };

export function Chart(props: ChartProps) {
  const { data, x, series, height, vertical, valueDomain } = props;
  // Counts read in one unit per axis, in the reader's locale (0.9M beside 1.2M).
  const valueFormat = props.valueFormat ?? axisCount(props.locale ?? "en", largest(props));
  const [box, width] = useWidth();
  const fontSize = props.fontSize ?? 12;
  const show = (v: number) => (valueFormat ? valueFormat(v) : String(v));
  // Days and months on a time axis as the reader writes them (02.12.2026, Dec 2026).
  const category = calendarLabel(props.locale ?? "en");
  const labels = data.map((row) => category(String(row[x] ?? "")));
  const top = valueDomain?.[1] ?? largest(props);
  const showTick = props.tickFormat ?? show;
  const widestValue = Math.max(
    textWidth(showTick(top), fontSize),
    textWidth(showTick(0), fontSize),
  );
  const tick = { fontSize, fill: "#4b5260" };
  const value = {
    domain: valueDomain,
    tickFormatter: props.tickFormat ?? (valueFormat ? (v: number) => valueFormat(v) : undefined),
    allowDecimals: !props.integerValues,
    tick,
  } as const;

  let categoryAxis;
  let valueTicks: number[] | undefined;
  let drawnHeight = height;
  const margin = { top: MARGIN, right: 16, bottom: MARGIN, left: 0 };
  if (vertical) {
    // Category names beside the bars wrap within 40 % of the chart (a phone keeps its bars).
    const room = Math.max(72, Math.min(220, (width || 600) * 0.4));
    const lines = labels.map((l) => wrap(l, room, fontSize));
    const axisWidth = Math.ceil(
      Math.max(24, ...lines.flat().map((l) => textWidth(l, fontSize))) + 10,
    );
    const byLabel = new Map(labels.map((l, i) => [l, lines[i]!]));
    // Each category gets the height of its wrapped name (the chart grows rather than crowd).
    const tallest = Math.max(1, ...lines.map((l) => l.length));
    drawnHeight = Math.max(height, labels.length * (tallest * fontSize * 1.2 + 8) + fontSize + 40);
    categoryAxis = (
      <YAxis
        type="category"
        dataKey={x}
        width={axisWidth}
        interval={0}
        tick={({ x: tickX = 0, y: tickY = 0, payload }: TickProps) => {
          const [tx, ty] = [Number(tickX), Number(tickY)];
          const text = String(payload?.value ?? "");
          const rows = byLabel.get(text) ?? [text];
          const lineHeight = fontSize * 1.2;
          return (
            <text
              x={tx}
              y={ty - ((rows.length - 1) * lineHeight) / 2}
              textAnchor="end"
              fontSize={fontSize}
              fill={tick.fill}
              className="recharts-text recharts-cartesian-axis-tick-value"
            >
              {rows.map((row, i) => (
                <tspan key={i} x={tx} dy={i === 0 ? "0.355em" : lineHeight}>
                  {row}
                </tspan>
              ))}
            </text>
          );
        }}
      />
    );
    // The last value label is centred on the right edge: half of it needs room there. A bar's
    // label follows its bar, so the margin is the least that fits each label after its own bar
    // (plot × share + label ≤ plot + margin, plot = span − margin), not the widest label beyond
    // the full scale: three charts side by side keep bars a reader can compare.
    const span = (width || 600) - axisWidth;
    let right = Math.max(16, widestValue / 2 + 4);
    if (props.barValues)
      for (const row of data) {
        const share = top > 0 ? Math.min(1, rowExtent(row, series) / top) : 0;
        const need = textWidth(String(row[props.barValues] ?? ""), fontSize) + 10;
        if (share > 0) right = Math.max(right, (need - span * (1 - share)) / share);
      }
    margin.right = Math.ceil(right);
    if (valueDomain) valueTicks = evenTicks(valueDomain, span - margin.right, widestValue);
  } else {
    const valueAxis = widestValue + 12;
    const plot = Math.max(1, (width || 600) - valueAxis - margin.right);
    const slot = plot / Math.max(1, labels.length);
    const widest = Math.max(0, ...labels.map((l) => textWidth(l, fontSize)));
    // Side by side while they fit; upright otherwise, every label kept unless even upright ones
    // would touch (then every second, third… is shown).
    const turned = props.allCategoryTicks === true && widest + 8 > slot;
    const step = turned ? Math.max(1, Math.ceil((fontSize * 1.3) / slot)) : 1;
    categoryAxis = (
      <XAxis
        dataKey={x}
        tick={tick}
        tickFormatter={(v) => category(String(v))}
        interval={props.allCategoryTicks ? step - 1 : "preserveStartEnd"}
        minTickGap={props.minTickGap ?? 8}
        angle={turned ? -90 : 0}
        textAnchor={turned ? "end" : "middle"}
        height={turned ? Math.ceil(widest + 12) : fontSize + 16}
      />
    );
    // The last category label, centred under its tick, and a value label on the top bar.
    if (!turned)
      margin.right = Math.ceil(
        Math.max(16, textWidth(labels.at(-1) ?? "", fontSize) / 2 - slot / 2 + 4),
      );
    margin.top = props.barValues ? fontSize + MARGIN : MARGIN + fontSize / 2;
  }

  return (
    <div ref={box} style={{ height: drawnHeight }}>
      {/* Drawn once its box is measured: the labels are laid out for the real width. */}
      {width > 0 && (
        <ResponsiveContainer
          width="100%"
          height={drawnHeight}
          initialDimension={{ width, height: drawnHeight }}
        >
          <ComposedChart
            data={data}
            layout={vertical ? "vertical" : "horizontal"}
            accessibilityLayer={false}
            margin={margin}
          >
            <CartesianGrid strokeDasharray="3 3" vertical={!!vertical} horizontal={!vertical} />
            {vertical ? (
              <>
                <XAxis
                  type="number"
                  height={fontSize + 16}
                  {...value}
                  {...(valueTicks && { ticks: valueTicks, interval: 0 })}
                />
                {categoryAxis}
              </>
            ) : (
              <>
                {categoryAxis}
                <YAxis width="auto" {...value} />
              </>
            )}
            <Tooltip
              labelFormatter={(v) => category(String(v))}
              formatter={(v, _name, item) => {
                const key = props.tooltipKey ?? props.barValues;
                const text = key && item?.payload?.[key];
                return text ? String(text) : v === null || v === undefined ? "—" : show(Number(v));
              }}
            />
            {props.legend && <Legend />}
            {series.map((s) => {
              // Every series draws its column under its legend name, without animation; an area and
              // a line also share the stroke and the curve between points.
              const common = { dataKey: s.key, name: s.name, isAnimationActive: false };
              if (s.kind === "bar") {
                return (
                  <Bar
                    key={s.key}
                    {...common}
                    fill={s.color}
                    stackId={s.stackId}
                    // Recharts drops a bar of length 0, and its label with it; a shape of our
                    // own keeps it, so a 0 % still reads "0.0 % · 0 of 450" beside its row.
                    shape={
                      props.barValues ? (bar: RectangleProps) => <Rectangle {...bar} /> : undefined
                    }
                  >
                    {props.barValues && (
                      <LabelList
                        dataKey={props.barValues}
                        // On one line beside (or above) its bar: the margin holds the widest.
                        content={(label) => {
                          const [lx, ly, lw, lh] = [
                            label.x,
                            label.y,
                            label.width,
                            label.height,
                          ].map(Number);
                          return (
                            <text
                              x={vertical ? lx! + lw! + 5 : lx! + lw! / 2}
                              y={vertical ? ly! + lh! / 2 : ly! - 5}
                              dy={vertical ? "0.355em" : 0}
                              textAnchor={vertical ? "start" : "middle"}
                              fontSize={fontSize}
                              fill="#1a1d23"
                            >
                              {String(label.value ?? "")}
                            </text>
                          );
                        }}
                      />
                    )}
                  </Bar>
                );
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
      )}
    </div>
  );
}
