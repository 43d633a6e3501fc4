"use client";
import {
  lazy,
  startTransition,
  Suspense,
  useEffect,
  useRef,
  useState,
  useSyncExternalStore,
} from "react";
import type { ChartProps } from "./chart-kit";
import { useHydrated } from "@/components/ui/use-hydrated";

// React's own lazy, not next/dynamic: the chart is only drawn in the browser (after an effect),
// so nothing of next/dynamic's server-side preloading applies, and its runtime (~1.4 kB gzip on
// every chart page) is spared.
const Chart = lazy(() => import("./chart-kit").then((m) => ({ default: m.Chart })));

// Once a print is asked for (the print button, or the browser's own print), every chart of the
// page draws, including one that mounts later: a part of the page still hydrating when the
// button was pressed, or a page opened afterwards. A chart never scrolled into view would
// otherwise print as an empty box.
let printRequested = false;
const listeners = new Set<() => void>();

/** Every chart on the page draws now, and every chart that mounts from now on. */
export function drawAllCharts() {
  if (printRequested) return;
  printRequested = true;
  for (const listener of listeners) listener();
}

if (typeof window !== "undefined") window.addEventListener("beforeprint", drawAllCharts);

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

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
    return () => observer.disconnect();
  }, []);
  // The server and hydration render no chart; a print asked for meanwhile draws it right after.
  const drawAll = useSyncExternalStore(
    subscribe,
    () => printRequested,
    () => false,
  );
  return (
    <div ref={box} style={{ minHeight: props.height }} data-chart-box="">
      {(near || drawAll) && (
        <Suspense fallback={null}>
          <Chart {...props} />
        </Suspense>
      )}
    </div>
  );
}

/**
 * Prints the dashboard (or saves it as PDF): first draws the charts that were never scrolled
 * into view, which would otherwise print as empty boxes (./print-dashboard, loaded on click).
 */
export function PrintButton({ label }: { label: string }) {
  const hydrated = useHydrated();
  return (
    <button
      type="button"
      className="secondary print-button"
      disabled={!hydrated}
      onClick={() => void import("./print-dashboard").then((m) => m.printDashboard())}
    >
      {label}
    </button>
  );
}
