"use client";
import dynamic from "next/dynamic";
import { useEffect, useRef, useState } from "react";
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
          setNear(true);
          observer.disconnect();
        }
      },
      { rootMargin: "200px" },
    );
    observer.observe(element);
    // Printing draws them all: a chart never scrolled into view would print as an empty box.
    const drawNow = () => setNear(true);
    window.addEventListener(DRAW_ALL, drawNow);
    window.addEventListener("beforeprint", drawNow);
    return () => {
      observer.disconnect();
      window.removeEventListener(DRAW_ALL, drawNow);
      window.removeEventListener("beforeprint", drawNow);
    };
  }, []);
  return (
    <div ref={box} style={{ minHeight: props.height }} data-chart-box="">
      {near && <Chart {...props} />}
    </div>
  );
}
