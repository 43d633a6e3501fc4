import { expect, test } from "@playwright/test";
import { baseURL } from "../playwright.config";
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

describeAs("marketing", "a German-speaking marketing lead", () => {
  test("reads the next date of the privacy laws on the overview in German", async ({ page }) => {
    await page.context().addCookies([{ name: "NEXT_LOCALE", value: "de", url: baseURL }]);
    const { laws } = (await (await page.request.get("/api/v1/metrics/overview")).json()) as {
      laws: { next: { lawId: string; date: string; label: string | null } | null };
    };
    const next = laws.next;
    test.skip(next === null, "no law has a date ahead");
    // The phase as the laws API gives it, with its German name from the catalog.
    const catalog = (await (await page.request.get("/api/v1/laws")).json()) as {
      laws: { id: string; phases: { date: string; label: string; labelDe: string }[] }[];
    };
    const phase = catalog.laws
      .find((l) => l.id === next!.lawId)!
      .phases.find((p) => p.date === next!.date && p.label === next!.label);
    await page.goto("/");
    const card = page.getByTestId("card-nextDeadline");
    await expect(card.getByRole("heading")).toHaveText("Nächste Frist eines Datenschutzgesetzes");
    // A law's own start reads "tritt in Kraft"; a phase by its German name where it has one.
    if (!phase) await expect(card).toContainText("tritt in Kraft");
    else await expect(card).toContainText(`: ${phase.labelDe || phase.label} · `);
  });
});
