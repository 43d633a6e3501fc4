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
    // The filtered page in full (the address changes before the new rows have all arrived).
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(9); // the demo catalog
    const count = await rows.count();
    for (const text of await rows.allTextContents()) expect(text).toContain("purpose.create");

    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Export CSV" }).click();
    const file = await (await download).path();
    const records: Record<string, string>[] = parse(await readFile(file!, "utf8"), {
      columns: true,
      bom: true,
    });
    expect(records).toHaveLength(count);
    expect(new Set(records.map((r) => r.action))).toEqual(new Set(["purpose.create"]));
    expect(JSON.parse(records[0]!.after!)).toHaveProperty("key");
  });

  test("reads who did what to which entity, opens a change, and pages through the whole log", async ({
    page,
  }) => {
    await page.goto("/audit?action=purpose.create");
    const row = page
      .getByTestId("audit-table")
      .locator("tbody tr")
      .filter({ hasText: "Newsletter" });
    await expect(row.first()).toContainText("created a purpose");
    // What it is about in words, and each changed field under the name the purpose form gives it
    // (the stored name beside it).
    await expect(row.first()).toContainText("(Purpose)");
    await row.first().getByText("Show the change").click();
    await expect(row.first().locator(".audit-change")).toContainText(
      "Retention in days retentionDays",
    );
    // Every kind of entry the app writes can be filtered on, by its name.
    const kinds = await page.getByLabel("Entity").locator("option").allTextContents();
    for (const kind of ["Customer", "Consent events", "Profiles", "Import", "Setting"])
      expect(kinds).toContain(kind);

    // Every entry, 50 a page: the pages together hold as many entries as the export (a dozen
    // pages and more once the other tests have run).
    test.setTimeout(90_000);
    const all = parse(await (await page.request.get("/audit/export")).text(), {
      columns: true,
      bom: true,
    });
    await page.goto("/audit");
    let seen = 0;
    for (let pages = 0; pages < 100; pages++) {
      seen += await page.getByTestId("audit-table").locator("tbody tr").count();
      const older = page.getByRole("link", { name: "Older entries" });
      if ((await older.count()) === 0) break;
      // Wait for the next page itself: "Newest entries" is on every page after the first, so
      // waiting for it could read the old page again and click a link that is about to go.
      const at = page.url();
      await older.click();
      await page.waitForURL((url) => url.toString() !== at);
      await expect(page.getByRole("link", { name: "Newest entries" })).toBeVisible();
    }
    // Sign-ins may add entries while it pages; none may be missed.
    expect(seen).toBeGreaterThanOrEqual(all.length);
    expect(all.length).toBeGreaterThan(50);
  });

  test("opens what an entry records beside its change: a consent batch's counts", async ({
    page,
  }) => {
    await page.goto("/audit?action=consent_events.ingest");
    const row = page.getByTestId("audit-table").locator("tbody tr").first();
    const exported = parse(
      await (await page.request.get("/audit/export?action=consent_events.ingest")).text(),
      { columns: true, bom: true },
    ) as Record<string, string>[];
    const counts = JSON.parse(exported[0]!.detail!) as Record<string, number>;
    expect(Object.keys(counts)).toEqual(expect.arrayContaining(["accepted", "duplicates"]));
    // A batch is about no one entity: named by its kind, not its stored code.
    await expect(row.locator("td").nth(3)).toHaveText("Consent events");
    await row.getByText("Show the details").click();
    const detail = row.getByTestId("audit-detail");
    // Each count under its stored name, as an English page writes the number.
    for (const [field, value] of Object.entries(counts))
      await expect(detail.locator("div").filter({ hasText: field })).toContainText(
        value.toLocaleString("en-US"),
      );
  });

  test("is told which filters were ignored, and the export refuses them", async ({ page }) => {
    await page.goto("/audit?from=yesterday");
    await expect(page.getByTestId("filter-issues")).toContainText(
      "from is the first day, YYYY-MM-DD, 2000-01-01 or later",
    );
    expect((await page.request.get("/audit/export?from=yesterday")).status()).toBe(400);
  });

  test("is told when its filters match nothing, not that the log is empty", async ({ page }) => {
    await page.goto("/audit?action=no.such.action");
    await expect(page.getByText("No audit events match these filters.")).toBeVisible();
    await expect(page.getByText("No audit events yet.")).toHaveCount(0);
  });
});

describeAs("marketing", "a marketing user", () => {
  test("cannot read or export the audit log", async ({ page }) => {
    expect((await page.goto("/audit"))?.status()).toBe(403);
    expect((await page.request.get("/audit/export")).status()).toBe(403);
  });
});
