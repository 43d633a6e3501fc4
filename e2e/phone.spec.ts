import { expect, test, type Page } from "@playwright/test";
import { baseURL } from "../playwright.config";
import { adminPages, dashboardPages, privacyPages, storageStateOf } from "./helpers";

test.describe("on a phone", () => {
  test.use({ storageState: storageStateOf("marketing"), viewport: { width: 412, height: 823 } });

  test("the navigation sits above the page and every dashboard gets the full width", async ({
    page,
  }) => {
    for (const path of dashboardPages) {
      await page.goto(path);
      const nav = await page.locator("header.sidebar").boundingBox();
      const main = await page.locator("main").boundingBox();
      expect(main!.x, path).toBeLessThan(1);
      expect(main!.width, path).toBeGreaterThan(400);
      expect(main!.y, path).toBeGreaterThanOrEqual(nav!.y + nav!.height);
      // Nothing wider than the screen but the tables and charts, which scroll in their boxes.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(overflow, path).toBeLessThanOrEqual(412);
    }
  });
});

test.describe("on a phone, the menu", () => {
  test.use({ storageState: storageStateOf("admin"), viewport: { width: 412, height: 823 } });

  test("folds behind a button, so the page starts on the first screen", async ({ page }) => {
    await page.goto("/");
    const heading = page.getByRole("heading", { level: 1, name: "Overview" });
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav).toBeHidden();
    expect((await page.locator("header.sidebar").boundingBox())!.height).toBeLessThan(80);
    expect((await heading.boundingBox())!.y).toBeLessThan(823 / 2);

    const button = page.getByRole("button", { name: "Menu" });
    await expect(button).toHaveAttribute("aria-expanded", "false");
    await button.click();
    await expect(button).toHaveAttribute("aria-expanded", "true");
    await nav.getByRole("link", { name: "Privacy laws" }).click();
    await expect(page).toHaveURL(/\/laws$/);
    // Following a link folds it again.
    await expect(nav).toBeHidden();
    await expect(page.getByRole("button", { name: "Menu" })).toBeVisible();
  });

  test("stays open beside the page on a wide screen, with no button", async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto("/");
    await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Menu" })).toBeHidden();
  });
});

test.describe("on a phone, as an admin", () => {
  test.use({ storageState: storageStateOf("admin"), viewport: { width: 412, height: 823 } });

  test("no page is wider than the screen: wide tables scroll in their own box", async ({
    page,
  }) => {
    for (const path of [...privacyPages, ...adminPages, "/laws/obligations", "/laws/new"]) {
      await page.goto(path);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, path).toBeLessThanOrEqual(412);
    }
  });

  test("a purpose's versions and change history are labelled lines, nothing to scroll", async ({
    page,
  }) => {
    await page.goto("/admin/purposes/newsletter");
    for (const name of ["Versions", "Who changed what, when"]) {
      const section = page.getByRole("region", { name });
      // The first table of each (the versions' section also compares two of them).
      const table = section.getByRole("table").first();
      await expect(table).toBeVisible();
      const { scrollWidth, clientWidth } = await section
        .locator(".table-wrap")
        .first()
        .evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
      expect(scrollWidth, name).toBeLessThanOrEqual(clientWidth);
      // Still a table to a screen reader: its rows and cells keep their roles.
      expect(await table.getByRole("row").count(), name).toBeGreaterThan(1);
      const first = table.getByRole("row").nth(1).getByRole("cell").first();
      const label = await first.evaluate((el) => getComputedStyle(el, "::before").content);
      expect(label, name).toBe(name === "Versions" ? '"Version: "' : '"When: "');
    }
  });

  test("a table wider than its box shows a shadow on each side with more columns", async ({
    page,
  }) => {
    await page.goto("/admin/users");
    const box = page.locator(".table-wrap").first();
    const { scrollWidth, clientWidth } = await box.evaluate((el) => ({
      scrollWidth: el.scrollWidth,
      clientWidth: el.clientWidth,
    }));
    expect(scrollWidth).toBeGreaterThan(clientWidth + 100);
    // The box alone (the table hidden, its columns still there to scroll): how dark a strip just
    // inside each edge is, 0 black to 255 white.
    await box.locator("table").evaluate((table) => (table.style.visibility = "hidden"));
    const edges = async (scrollLeft: number) => {
      await box.evaluate((el, left) => (el.scrollLeft = left), scrollLeft);
      const png = (await box.screenshot()).toString("base64");
      return page.evaluate(async (data) => {
        const image = new Image();
        image.src = `data:image/png;base64,${data}`;
        await image.decode();
        const canvas = document.createElement("canvas");
        canvas.width = image.width;
        canvas.height = image.height;
        const g = canvas.getContext("2d")!;
        g.drawImage(image, 0, 0);
        const strip = (x: number) => {
          const top = Math.round(image.height * 0.25);
          const d = g.getImageData(x, top, 4, Math.round(image.height * 0.5)).data;
          let sum = 0;
          for (let i = 0; i < d.length; i += 4) sum += (d[i]! + d[i + 1]! + d[i + 2]!) / 3;
          return sum / (d.length / 4);
        };
        return { left: strip(2), right: strip(image.width - 6) };
      }, png);
    };
    const start = await edges(0);
    expect(start.left).toBeGreaterThan(250);
    expect(start.right).toBeLessThan(235);
    const middle = await edges(Math.round((scrollWidth - clientWidth) / 2));
    expect(middle.left).toBeLessThan(235);
    expect(middle.right).toBeLessThan(235);
    const end = await edges(scrollWidth);
    expect(end.left).toBeLessThan(235);
    expect(end.right).toBeGreaterThan(250);
  });
});

/**
 * Every field and button of the admin pages' forms, with the box it sits in when it sticks out of
 * it (the nearest ancestor drawn with a border: a card, a form, a fieldset, unless a box that
 * scrolls, a wide table, comes first), and every field whose hint does not fit in it.
 */
function fieldsOutsideTheirBox(page: Page) {
  return page.evaluate(() => {
    const out: string[] = [];
    const canvas = document.createElement("canvas").getContext("2d")!;
    for (const el of document.querySelectorAll<HTMLElement>(
      "main form input:not([type=hidden]), main form select, main form textarea, main form button",
    )) {
      const own = el.getBoundingClientRect();
      if (own.width === 0) continue;
      // A hint in an empty field is read whole, not cut at the field's edge.
      const hint = el.getAttribute("placeholder");
      if (hint) {
        const style = getComputedStyle(el);
        canvas.font = style.font;
        const room =
          el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        if (canvas.measureText(hint).width > room + 0.5)
          out.push(
            `the hint "${hint}" of ${el.getAttribute("name")} is cut (${Math.round(room)} px)`,
          );
      }
      let box = el.parentElement;
      while (box && box.tagName !== "MAIN") {
        const style = getComputedStyle(box);
        if (/(auto|scroll|hidden)/.test(style.overflowX)) break;
        if (style.borderRightStyle !== "none" && style.borderRightWidth !== "0px") break;
        box = box.parentElement;
      }
      if (
        !box ||
        box.tagName === "MAIN" ||
        /(auto|scroll|hidden)/.test(getComputedStyle(box).overflowX)
      )
        continue;
      const outer = box.getBoundingClientRect();
      const style = getComputedStyle(box);
      const right = outer.right - parseFloat(style.borderRightWidth);
      const left = outer.left + parseFloat(style.borderLeftWidth);
      if (own.right > right + 0.5 || own.left < left - 0.5)
        out.push(
          `${el.tagName.toLowerCase()} "${el.getAttribute("name") ?? el.textContent?.trim().slice(0, 30)}" spans ${Math.round(own.left)}–${Math.round(own.right)} px, its ${box.tagName.toLowerCase()} ${Math.round(left)}–${Math.round(right)} px`,
        );
    }
    return out;
  });
}

/**
 * Every form card whose title does not sit at its top padding, as a card's title does, or whose
 * first line under the title is further from it than the form's gap between lines.
 */
function formTitlesOutOfPlace(page: Page) {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const form of document.querySelectorAll<HTMLElement>("main form.stack")) {
      const shown = [...form.children].filter((c) => {
        const style = getComputedStyle(c);
        return style.display !== "none" && style.position !== "absolute";
      });
      const [title, ...rest] = shown;
      if (!title || !/^H[23]$/.test(title.tagName)) continue;
      // The next line with something in it (an empty one must not take a row and a gap).
      const next = rest.find((c) => c.getBoundingClientRect().height > 0);
      const style = getComputedStyle(form);
      const top =
        form.getBoundingClientRect().top +
        parseFloat(style.borderTopWidth) +
        parseFloat(style.paddingTop);
      const own = title.getBoundingClientRect();
      const name = title.textContent?.trim();
      if (own.top - top > 1) out.push(`"${name}" starts ${Math.round(own.top - top)} px low`);
      if (next) {
        const below = next.getBoundingClientRect().top - own.bottom;
        if (below > parseFloat(style.rowGap) + 1)
          out.push(`"${name}" has ${Math.round(below)} px under it`);
      }
    }
    return out;
  });
}

for (const locale of ["en", "de"]) {
  for (const width of [412, 1440]) {
    test.describe(`admin forms in ${locale} at ${width} px`, () => {
      test.use({ storageState: storageStateOf("admin"), viewport: { width, height: 900 } });

      test("every field and button stays inside its card, with its whole hint, under a title at the card's top", async ({
        page,
      }) => {
        await page.context().addCookies([{ name: "NEXT_LOCALE", value: locale, url: baseURL }]);
        for (const path of [...adminPages, "/admin/purposes/new", "/admin/sources/new"]) {
          await page.goto(path);
          await page.waitForLoadState("networkidle");
          expect(await fieldsOutsideTheirBox(page), path).toEqual([]);
          expect(await formTitlesOutOfPlace(page), path).toEqual([]);
        }
      });
    });
  }
}

test.describe("the sidebar in German on a wide screen", () => {
  test.use({ storageState: storageStateOf("admin"), viewport: { width: 1440, height: 900 } });

  test("holds every link's name, the current page's in bold included", async ({ page }) => {
    await page.context().addCookies([{ name: "NEXT_LOCALE", value: "de", url: baseURL }]);
    for (const path of ["/", ...adminPages]) {
      await page.goto(path);
      const current = page.locator('header.sidebar a[aria-current="page"]');
      const fits = await current.evaluate((a) => a.scrollWidth <= a.clientWidth);
      expect(fits, `${path}: "${await current.textContent()}"`).toBe(true);
    }
  });
});
