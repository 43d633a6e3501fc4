import { expect, test } from "@playwright/test";
import { describeAs } from "./helpers";

describeAs("marketing", "a marketing user", () => {
  test("reads the API reference and the headline figures", async ({ page }) => {
    await page.goto("/api-reference");
    await expect(page.getByRole("heading", { level: 1, name: "API reference" })).toBeVisible();
    await expect(
      page.getByRole("heading", { level: 2, name: "POST /api/v1/consent-events" }),
    ).toBeVisible();
    const doc = await (await page.request.get("/api/v1/openapi.json")).json();
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toContain("/api/v1/profiles");

    const overview = await (await page.request.get("/api/v1/metrics/overview")).json();
    expect(overview.consent.decided).toBeGreaterThan(0);
    expect(overview.laws.inForce).toBeGreaterThan(20);
    expect(overview.profiles.profiles).toBeGreaterThan(1000);
    await page.goto("/");
    await expect(page.getByTestId("figure-share360")).toHaveText(
      `${(Math.round(overview.profiles.share360 * 1000) / 10).toFixed(1)}%`,
    );
  });
});
