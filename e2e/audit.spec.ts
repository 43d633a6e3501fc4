import { readFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import { expect, test } from "@playwright/test";
import { describeAs } from "./helpers";

describeAs("privacy", "a privacy officer", () => {
  test("filters the audit log by action and entity and exports the same rows as CSV", async ({
    page,
  }) => {
    await page.goto("/audit");
    await page.getByLabel("Entity").selectOption("purpose");
    await page.getByLabel("Action starts with").fill("purpose.create");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(/entityType=purpose/);
    const rows = page.getByTestId("audit-table").locator("tbody tr");
    const count = await rows.count();
    expect(count).toBeGreaterThanOrEqual(9); // the demo catalog
    for (const text of await rows.allTextContents()) expect(text).toContain("purpose.create");

    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Export CSV" }).click();
    const file = await (await download).path();
    const records: Record<string, string>[] = parse(await readFile(file!, "utf8"), {
      columns: true,
    });
    expect(records).toHaveLength(count);
    expect(new Set(records.map((r) => r.action))).toEqual(new Set(["purpose.create"]));
    expect(JSON.parse(records[0]!.after!)).toHaveProperty("key");
  });

  test("is told which filters were ignored, and the export refuses them", async ({ page }) => {
    await page.goto("/audit?from=yesterday");
    await expect(page.getByRole("status")).toContainText("from");
    expect((await page.request.get("/audit/export?from=yesterday")).status()).toBe(400);
  });
});

describeAs("marketing", "a marketing user", () => {
  test("cannot read or export the audit log", async ({ page }) => {
    expect((await page.goto("/audit"))?.status()).toBe(403);
    expect((await page.request.get("/audit/export")).status()).toBe(403);
  });
});
