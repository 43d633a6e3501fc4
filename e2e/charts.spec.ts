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

/** Each chart's caption, drawing box and tick labels, in page coordinates. */
function readLabels(page: Page) {
  return page.evaluate(() =>
    [...document.querySelectorAll("figure.chart")].map((figure) => {
      const svg = figure.querySelector(".recharts-wrapper > svg")!;
      const box = svg.getBoundingClientRect();
      const axes = [...svg.querySelectorAll(".recharts-cartesian-axis-tick-labels")].map((axis) =>
        [...axis.querySelectorAll(".recharts-cartesian-axis-tick-value")]
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
          .filter((r) => r.text.trim() !== ""),
      );
      return {
        caption: figure.querySelector("figcaption")?.textContent ?? "",
        box: { left: box.left, right: box.right, top: box.top, bottom: box.bottom },
        axes,
      };
    }),
  );
}

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
