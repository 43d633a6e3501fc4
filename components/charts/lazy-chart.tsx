"use client";
import dynamic from "next/dynamic";
import { startTransition, useEffect, useRef, useState } from "react";
import type { ChartProps } from "./chart-kit";

/** Asks every chart on the page to draw now (before printing). */
export const DRAW_ALL = "firstparty:draw-charts";

const Chart = dynamic(() => import("./chart-kit").then((m) => m.Chart), {
  ssr: false,
  loading: () => null,
});

/**
 * A chart whose drawing code (Recharts) loads after the page, and which draws only once it is
 * near the viewport: a phone showing the filters and figures does not spend its first seconds
 * rendering charts below the fold. The box keeps its height (a chart whose labels need more grows
 * when drawn).
 */
export function LazyChart(props: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const [near, setNear] = useState(false);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          // A transition: React draws the chart in slices, leaving the page responsive.
          startTransition(() => setNear(true));
          observer.disconnect();
        }
      },
      { rootMargin: "200px" },
    );
    observer.observe(element);
    // Printing draws them all: a chart never scrolled into view would print as an empty box.
    const drawNow = () => setNear(true);
    for (const event of [DRAW_ALL, "beforeprint"]) window.addEventListener(event, drawNow);
    return () => {
      observer.disconnect();
      for (const event of [DRAW_ALL, "beforeprint"]) window.removeEventListener(event, drawNow);
    };
  }, []);
  return (
    <div ref={box} style={{ minHeight: props.height }} data-chart-box="">
      {near && <Chart {...props} />}
    </div>
  );
}

/**
 * Prints the dashboard (or saves it as PDF): first draws the charts that were never scrolled
 * into view, which would otherwise print as empty boxes (./print-dashboard, loaded on click).
 */
export function PrintButton({ label }: { label: string }) {
  return (
    <button
      type="button"
      className="secondary print-button"
      onClick={() => void import("./print-dashboard").then((m) => m.printDashboard())}
    >
      {label}
    </button>
  );
}
