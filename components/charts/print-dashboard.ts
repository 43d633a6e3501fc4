import { drawAllCharts } from "./lazy-chart";

/** Every chart of the page drawn: each lazily drawn chart holds an SVG, or time is up. */
async function chartsDrawn(timeout = 5_000) {
  const started = Date.now();
  for (;;) {
    const boxes = [...document.querySelectorAll("[data-chart-box]")];
    if (boxes.every((box) => box.querySelector(".recharts-wrapper > svg"))) return;
    if (Date.now() - started > timeout) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Draws every chart of the page, then opens the browser's print dialog. */
export async function printDashboard() {
  drawAllCharts();
  await chartsDrawn();
  window.print();
}
