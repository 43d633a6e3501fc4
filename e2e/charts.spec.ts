import { expect, test, type Page } from "@playwright/test";
import { baseURL } from "../playwright.config";
import { storageStateOf } from "./helpers";

/** Every page that draws charts. */
const chartPages = ["/sources", "/consent", "/laws", "/profiles"];

/**
 * What the reader of a chart sees of its axes: each tick label's box, in page coordinates, with
 * the chart's own box. Charts draw when they come near the screen, or all at once when printing
 * is asked for: the page is told the browser is about to print, and every chart waited for.
 */
async function axisLabels(page: Page) {
  // Once the page has loaded its figures and code (some charts load after the page), it is asked
  // until every figure holds a drawing (a request before the page is interactive goes unheard).
  await page.waitForLoadState("networkidle");
  await expect
    .poll(
      () =>
        page.evaluate((event) => {
          window.dispatchEvent(new Event(event));
          const figures = document.querySelectorAll("figure.chart");
          const drawn = document.querySelectorAll("figure.chart .recharts-wrapper > svg");
          return figures.length > 0 && drawn.length === figures.length;
        }, "beforeprint"),
      { timeout: 30_000, message: "every chart drawn" },
    )
    .toBe(true);
  // The axes settle once their labels are measured: read the labels when two readings a moment
  // apart agree (a chart that kept resizing fails here rather than passing by chance).
  let previous = "";
  await expect
    .poll(
      async () => {
        const now = JSON.stringify(await readLabels(page));
        const settled = now === previous;
        previous = now;
        return settled;
      },
      { intervals: [300], timeout: 30_000, message: "the charts' axes keep moving" },
    )
    .toBe(true);
  return readLabels(page);
}

/**
 * Each chart's caption, drawing box, tick labels and the labels its bars carry (the figure beside
 * or above each bar), in page coordinates; `rows` are the category labels beside horizontal bars.
 */
function readLabels(page: Page) {
  return page.evaluate(() =>
    [...document.querySelectorAll("figure.chart")].map((figure) => {
      const svg = figure.querySelector(".recharts-wrapper > svg")!;
      const box = svg.getBoundingClientRect();
      const boxes = (texts: Iterable<Element>) =>
        [...texts]
          .map((text) => {
            const r = text.getBoundingClientRect();
            return {
              text: text.textContent ?? "",
              left: r.left,
              right: r.right,
              top: r.top,
              bottom: r.bottom,
            };
          })
          .filter((r) => r.text.trim() !== "");
      const axes = [...svg.querySelectorAll(".recharts-cartesian-axis-tick-labels")].map((axis) =>
        boxes(axis.querySelectorAll(".recharts-cartesian-axis-tick-value")),
      );
      return {
        caption: figure.querySelector("figcaption")?.textContent ?? "",
        box: { left: box.left, right: box.right, top: box.top, bottom: box.bottom },
        axes,
        bars: boxes(svg.querySelectorAll(".recharts-label-list text")),
        // Figures beside their bars (horizontal bars) start where the bar ends.
        beside: [...svg.querySelectorAll(".recharts-label-list text")].some(
          (text) => text.getAttribute("text-anchor") === "start",
        ),
        rows: boxes(
          svg.querySelectorAll(".recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value"),
        ),
      };
    }),
  );
}

/** A percentage tick's value ("25%", "25 %"), or null for any other label. */
const percentTick = (text: string) => {
  const match = /^(\d+)\s?%$/.exec(text.trim());
  return match ? Number(match[1]) : null;
};
const middle = (label: Label) => (label.top + label.bottom) / 2;

type Label = { text: string; left: number; right: number; top: number; bottom: number };

/** Overlap of two label boxes, in square pixels (touching is not overlapping). */
const overlap = (a: Label, b: Label) =>
  Math.max(0, Math.min(a.right, b.right) - Math.max(a.left, b.left)) *
  Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top));

for (const locale of ["en", "de"]) {
  for (const width of [412, 1440]) {
    test.describe(`charts in ${locale} at ${width} px`, () => {
      test.use({
        storageState: storageStateOf("privacy"),
        viewport: { width, height: 900 },
      });
      test("no axis label is cut off at the chart's edge or overlaps another", async ({ page }) => {
        test.setTimeout(120_000); // four dashboards, each scrolled through and drawn
        await page.context().addCookies([{ name: "NEXT_LOCALE", value: locale, url: baseURL }]);
        for (const path of chartPages) {
          await page.goto(path);
          const charts = await axisLabels(page);
          expect(charts.length, path).toBeGreaterThan(0);
          for (const chart of charts) {
            const where = `${path} · ${chart.caption}`;
            expect(chart.axes.flat().length, where).toBeGreaterThan(0);
            for (const labels of chart.axes) {
              for (const label of labels) {
                // Inside the chart's drawing, with half a pixel for anti-aliasing.
                const inside = {
                  left: label.left >= chart.box.left - 0.5,
                  right: label.right <= chart.box.right + 0.5,
                  top: label.top >= chart.box.top - 0.5,
                  bottom: label.bottom <= chart.box.bottom + 0.5,
                };
                for (const [edge, ok] of Object.entries(inside)) {
                  expect(ok, `${where}: "${label.text}" cut at the ${edge}`).toBe(true);
                }
              }
              for (let i = 0; i < labels.length; i++) {
                for (let j = i + 1; j < labels.length; j++) {
                  expect(
                    overlap(labels[i]!, labels[j]!),
                    `${where}: "${labels[i]!.text}" runs into "${labels[j]!.text}"`,
                  ).toBeLessThanOrEqual(1);
                }
              }
              // A percentage scale steps evenly (0, 25, 50, 75, 100 or 0, 50, 100), never with
              // a tick left out where its label would have touched a neighbour.
              const percents = labels.map((l) => percentTick(l.text));
              if (percents.length > 1 && percents.every((v) => v !== null)) {
                const steps = new Set(percents.slice(1).map((v, i) => v! - percents[i]!));
                expect([...steps], `${where}: ticks ${percents.join(", ")}`).toHaveLength(1);
              }
            }
            // Each bar's figure stays inside the drawing, clear of the others; beside horizontal
            // bars every category has its figure on its line, a bar of length 0 (0 %) included.
            for (const bar of chart.bars) {
              expect(bar.left, `${where}: "${bar.text}" cut at the left`).toBeGreaterThanOrEqual(
                chart.box.left - 0.5,
              );
              expect(bar.right, `${where}: "${bar.text}" cut at the right`).toBeLessThanOrEqual(
                chart.box.right + 0.5,
              );
              for (const other of chart.bars)
                if (other !== bar)
                  expect(overlap(bar, other), `${where}: "${bar.text}" on "${other.text}"`).toBe(0);
            }
            if (chart.beside) {
              for (const row of chart.rows) {
                const figure = chart.bars.find((b) => Math.abs(middle(b) - middle(row)) <= 3);
                expect(figure, `${where}: no figure beside "${row.text}"`).toBeDefined();
              }
            }
          }
        }
      });
    });
  }
}

test.describe("printing a dashboard", () => {
  test.use({ storageState: storageStateOf("marketing"), viewport: { width: 1440, height: 900 } });

  test("draws every chart first, and prints the figures without the app around them", async ({
    page,
  }) => {
    await page.addInitScript(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => {
        (window as unknown as { printed: number }).printed++;
      };
    });
    await page.goto("/profiles");
    const boxes = page.locator("[data-chart-box]");
    expect(await boxes.count()).toBeGreaterThan(1);
    // The last chart is far below the first screen: not drawn yet.
    await expect(boxes.last().locator(".recharts-wrapper > svg")).toHaveCount(0);
    await page.getByRole("button", { name: "Print or save as PDF" }).click();
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { printed: number }).printed))
      .toBe(1);
    for (const box of await boxes.all()) {
      await expect(box.locator(".recharts-wrapper > svg")).toHaveCount(1);
    }
    await page.emulateMedia({ media: "print" });
    await expect(page.locator("header.sidebar")).toBeHidden();
    await expect(page.getByRole("button", { name: "Print or save as PDF" })).toBeHidden();
    await expect(page.locator("figure.chart").first()).toBeVisible();
  });
});
