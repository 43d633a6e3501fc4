import { expect, test } from "@playwright/test";
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
});
