import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { adminPages, dashboardPages, describeAs, privacyPages } from "./helpers";

async function expectNoViolations(page: Page, path: string) {
  // Once (1 run in about 100) axe saw an empty document on the 403 page — no lang, no main, no
  // heading — while the screenshot taken right after showed the whole page: the document was
  // being replaced. Audit the page only once it has settled.
  await page.waitForLoadState("networkidle");
  await expect(page.locator("html")).toHaveAttribute("lang", /\S/);
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"])
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
  );
  expect(summary, path).toEqual([]);
}

test("the sign-in page has no accessibility violations", async ({ page }) => {
  await page.goto("/login");
  await expectNoViolations(page, "/login");
});

describeAs("admin", "every page an admin can open", () => {
  for (const path of [
    ...dashboardPages,
    ...privacyPages,
    ...adminPages,
    "/admin/purposes/new",
    "/admin/purposes/newsletter",
    "/laws/new",
    "/laws/obligations",
    "/laws/controls/universal_opt_out",
    "/profiles?unit=person",
    // A demo customer met twice, one of whose numbers is a flagged household phone.
    "/consent/subjects/cust-0000018/identity",
  ]) {
    test(`${path} has no accessibility violations`, async ({ page }) => {
      // The API reference is one page of every operation's tables: about 6,400 elements, which
      // axe takes 15 s to audit on an idle 2-core machine (color contrast alone checks 1,600 of
      // them) and more than the default 30 s when the host is busy. It gets three times that.
      if (path === "/api-reference") test.slow();
      // Client components get only the message namespaces their page hands them; one missing
      // shows its key instead of the text, and next-intl reports it on the console.
      const missing: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error" && m.text().includes("MISSING_MESSAGE")) missing.push(m.text());
      });
      await page.goto(path);
      await expectNoViolations(page, path);
      expect(missing, path).toEqual([]);
      // A message given too few values shows its ICU source ("{unit, select, …}") instead.
      if (path !== "/api-reference")
        expect(await page.locator("main").innerText(), path).not.toMatch(
          /\{[a-zA-Z]+(, ?(select|plural|number)[^}]*)?\}/,
        );
    });
  }
});

describeAs("marketing", "pages only other roles see", () => {
  test("the 403 page has no accessibility violations", async ({ page }) => {
    expect((await page.goto("/admin/users"))?.status()).toBe(403);
    // Inside the app's layout: the navigation and the page's main landmark are still there.
    await expect(
      page.getByRole("main").getByRole("heading", { level: 1, name: "You do not have access" }),
    ).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
    await expectNoViolations(page, "403");
  });
  test("the 404 page has no accessibility violations", async ({ page }) => {
    expect((await page.goto("/no-such-page"))?.status()).toBe(404);
    // Inside the app's layout: the navigation is still there.
    await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
    await expectNoViolations(page, "404");
  });
});
