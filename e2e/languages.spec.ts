import { expect, test } from "@playwright/test";
import { describeAs } from "./helpers";

test.describe("a German-speaking visitor", () => {
  test.use({ locale: "de-DE", extraHTTPHeaders: { "accept-language": "de-DE,de;q=0.9,en;q=0.5" } });
  test("reads the sign-in page in German", async ({ page }) => {
    await page.goto("/login");
    await expect(page.getByRole("heading", { name: "Bei Firstparty anmelden" })).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("lang", "de");
  });
});

describeAs("admin", "a signed-in user", () => {
  test("switches the interface to German and back; dates follow the language", async ({ page }) => {
    await page.goto("/admin/users");
    await expect(page.getByRole("heading", { name: "Users", level: 1 })).toBeVisible();
    await page.getByLabel("Language").selectOption("de");
    await expect(page.getByRole("heading", { name: "Benutzer", level: 1 })).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("lang", "de");
    await page.reload();
    await expect(page.getByRole("link", { name: "Übersicht" })).toBeVisible();
    // German month abbreviations in the last sign-in column (e.g. "29.11.2026" or "29. Nov. 2026").
    await expect(page.getByTestId("user-row-admin@firstparty.demo")).toContainText(
      /\d{1,2}\.\s?\S*\s?\d{4}/,
    );
    await page.getByLabel("Sprache").selectOption("en");
    await expect(page.getByRole("heading", { name: "Users", level: 1 })).toBeVisible();
  });
});
