"use client";
import dynamic from "next/dynamic";
import type { ChartProps } from "./chart-kit";

const Chart = dynamic(() => import("./chart-kit").then((m) => m.Chart), {
  ssr: false,
  loading: () => null,
});

/** A chart whose drawing code (Recharts) loads after the page; the box keeps its height. */
export function LazyChart(props: ChartProps) {
  return (
    <div style={{ height: props.height }}>
      <Chart {...props} />
    </div>
  );
}
