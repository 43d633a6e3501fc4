"use client";
import dynamic from "next/dynamic";
import { useEffect, useRef, useState } from "react";
import type { ChartProps } from "./chart-kit";

const Chart = dynamic(() => import("./chart-kit").then((m) => m.Chart), {
  ssr: false,
  loading: () => null,
});

/**
 * A chart whose drawing code (Recharts) loads after the page, and which draws only once it is
 * near the viewport: a phone showing the filters and figures does not spend its first seconds
 * rendering charts below the fold. The box keeps its height, so nothing shifts.
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
    return () => observer.disconnect();
  }, []);
  return (
    <div ref={box} style={{ height: props.height }}>
      {near && <Chart {...props} />}
    </div>
  );
}
