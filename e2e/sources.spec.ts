import { readFile } from "node:fs/promises";
import { api } from "./api/client";
import { parse } from "csv-parse/sync";
import { expect, test, type Page } from "@playwright/test";
import { describeAs, storageStateOf } from "./helpers";

const percent = async (page: Page, testId: string) =>
  Number((await page.getByTestId(testId).textContent())!.replace(/[^\d.]/g, ""));

describeAs("marketing", "a marketing user", () => {
  test("reads the source mix, filters the inventory to third parties and exports it", async ({
    page,
  }) => {
    await page.goto("/sources");
    await expect(page.getByRole("heading", { level: 1, name: "Data sources" })).toBeVisible();
    await expect(page.getByTestId("first-party-share")).toHaveText(/\d+(\.\d)?%/);
    await expect(page.getByText("Share of records by party, last 24 months")).toBeVisible();
    // Charts are drawn as they come into view (components/charts/lazy-chart).
    await page.locator("figure").first().scrollIntoViewIfNeeded();
    await expect(page.locator(".recharts-surface").first()).toBeVisible();

    await page.getByLabel("Party", { exact: true }).selectOption("third");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(/party=third/);
    const rows = page.getByTestId("sources-table").locator("tbody tr");
    const count = await rows.count();
    expect(count).toBeGreaterThan(0);
    for (const text of await rows.allTextContents()) expect(text).toContain("Third-party");

    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Export CSV" }).click();
    const records: Record<string, string>[] = parse(
      await readFile((await (await download).path())!, "utf8"),
      { columns: true, bom: true },
    );
    expect(records).toHaveLength(count);
    expect(new Set(records.map((r) => r.party))).toEqual(new Set(["third"]));
  });

  test("sees the same first-party share on the overview and cannot edit sources", async ({
    page,
  }) => {
    await page.goto("/sources");
    const share = await page.getByTestId("first-party-share").textContent();
    await page.goto("/");
    await expect(page.getByTestId("figure-firstPartyShare")).toHaveText(share!);
    await expect(page.getByTestId("figure-consentRate")).toHaveText(/\d+(\.\d)?%/);

    expect((await page.goto("/admin/sources"))?.status()).toBe(403);
    expect((await page.goto("/admin/sources/web-shop"))?.status()).toBe(403);
    const write = await page.request.post("/api/v1/sources", {
      data: {
        key: "sneaky",
        name: "x",
        party: "third",
        category: "other",
        channel: "online",
        monthlyVolume: 1,
        activeFrom: "2026-01-01",
      },
    });
    expect(write.status()).toBe(403);
    const read = await api(page.request).GET("/api/v1/metrics/sources");
    expect(read.response.status).toBe(200);
    const body = read.data!;
    expect(body.byParty.map((p) => p.party)).toEqual(["zero", "first", "second", "third"]);
    expect(body.series).toHaveLength(24);
  });

  test("simulates retiring the third-party sources, adds one of its own and downloads it", async ({
    page,
  }) => {
    await page.goto("/sources");
    // The industry's figures beside the company's own, each naming its source.
    await expect(page.getByTestId("industry-activeSources")).toHaveText(
      "The industry: 18 data sources companies expect to use on average (Salesforce, State of Marketing, 8th edition)",
    );
    const simulator = page.getByRole("region", { name: "Phase-out simulator" });
    await expect(simulator).toBeVisible();
    // To begin with, every active third-party source is chosen, and nothing else.
    const thirdParty = (
      await api(page.request).GET("/api/v1/sources", {
        params: { query: { party: "third", status: "active" } },
      })
    ).data!.sources.map((s) => s.key);
    const checked = await simulator
      .locator('input[name="retire"]:checked')
      .evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
    expect(checked.sort()).toEqual(thirdParty.sort());

    const shown = async (row: string, column: number) =>
      (await page.getByTestId(`phase-out-${row}`).locator("th, td").nth(column).textContent())!;
    const expectFigures = async (retire: string[]) => {
      const { data } = await api(page.request).GET("/api/v1/metrics/phase-out", {
        params: { query: { retire: retire.join(",") } },
      });
      // Rounded as the page rounds (Intl's percent, half away from zero on the decimal digits;
      // toFixed rounds the binary value, and 0.6485 reads 64.8 there, 64.9 on the page).
      const pct = (share: number | null) =>
        new Intl.NumberFormat("en-US", {
          style: "percent",
          minimumFractionDigits: 1,
          maximumFractionDigits: 1,
        }).format(share!);
      expect(await shown("completeness", 1)).toBe(pct(data!.before.avgCompleteness));
      const after = (row: string) =>
        page.getByTestId(`phase-out-${row}`).getByTestId("after").textContent();
      expect(await after("completeness")).toBe(pct(data!.after.avgCompleteness));
      expect(await after("share360")).toBe(pct(data!.after.share360));
      const points = (a: number | null, b: number | null) =>
        `${((a! - b!) * 100).toFixed(1)}\u00a0pts`;
      expect(
        await page.getByTestId("phase-out-completeness").getByTestId("change").textContent(),
      ).toBe(points(data!.after.avgCompleteness, data!.before.avgCompleteness));
      await expect(page.getByTestId("phase-out-summary")).toContainText(
        `${data!.profilesAffected.toLocaleString("en-US")} of ${data!.before.profiles.toLocaleString("en-US")} profiles`,
      );
      expect(data!.after.avgCompleteness!).toBeLessThan(data!.before.avgCompleteness!);
      return data!;
    };
    await expectFigures(checked);

    // Retire the web shop too: its attributes are lost and it offers no replacement for them.
    await simulator.getByTestId("retire-web-shop").check();
    await simulator.getByRole("button", { name: "Simulate" }).click();
    await expect(page).toHaveURL(/retire=.*web-shop/);
    await expect(simulator.getByTestId("retire-web-shop")).toBeChecked();
    const result = await expectFigures([...checked, "web-shop"]);
    const email = page
      .getByTestId("phase-out-attributes")
      .getByRole("row", { name: /Contact: E-mail address/ });
    await expect(email).toBeVisible();
    await expect(email).not.toContainText("Web shop:");

    const download = page.waitForEvent("download");
    await simulator.getByTestId("phase-out-csv").click();
    const records: Record<string, string>[] = parse(
      await readFile((await (await download).path())!, "utf8"),
      { columns: true, bom: true },
    );
    expect(records.filter((r) => r.section === "source_retired").map((r) => r.key)).toEqual(
      result.retire,
    );
    const completeness = records.find((r) => r.key === "avg_completeness")!;
    expect(Number(completeness.before)).toBeCloseTo(result.before.avgCompleteness!, 4);
    expect(Number(completeness.after)).toBeCloseTo(result.after.avgCompleteness!, 4);
    expect(Number(completeness.profiles)).toBe(result.before.profiles);
    const lost = records.filter((r) => r.section === "attribute_lost");
    expect(lost.map((r) => [r.key, Number(r.profiles)])).toEqual(
      result.attributesLost.map((a) => [`${a.group}.${a.attribute}`, a.profiles]),
    );
  });
  test("the inventory's filter and the phase-out keep each other's choices", async ({ page }) => {
    await page.goto("/sources?retire=web-shop#phase-out");
    await page.getByLabel("Party", { exact: true }).selectOption("third");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(/party=third/);
    await expect(page).toHaveURL(/retire=web-shop/);
    const simulator = page.getByRole("region", { name: "Phase-out simulator" });
    await expect(simulator.locator('input[name="retire"]:checked')).toHaveCount(1);
    // Sorting or paging the inventory keeps the simulation too.
    const sortLink = page.getByTestId("sources-table").locator("thead a").first();
    expect(await sortLink.getAttribute("href")).toContain("retire=web-shop");
    await simulator.getByRole("button", { name: "Simulate" }).click();
    await expect(page).toHaveURL(/retire=web-shop/);
    await expect(page).toHaveURL(/party=third/);
    await expect(page.getByLabel("Party", { exact: true })).toHaveValue("third");
  });

  test("a shared simulator link with a bad key names it and simulates the rest", async ({
    page,
  }) => {
    await page.goto("/sources?retire=web-shop,Not%20a%20key,no-such-source#phase-out");
    const simulator = page.getByRole("region", { name: "Phase-out simulator" });
    await expect(simulator.getByTestId("filter-issues").getByRole("listitem")).toHaveText([
      '"Not a key" is not a source key (lowercase letters, digits, single - or _)',
      'Unknown data source "no-such-source"',
    ]);
    await expect(simulator.getByTestId("retire-web-shop")).toBeChecked();
    await expect(simulator.locator('input[name="retire"]:checked')).toHaveCount(1);
    await expect(page.getByTestId("phase-out-summary")).toContainText("Retiring 1 source:");
    // The API refuses such a list whole, naming the parameter.
    const refused = await page.request.get(
      "/api/v1/metrics/phase-out?retire=web-shop,no-such-source",
    );
    expect(refused.status()).toBe(400);
    expect(((await refused.json()) as { issues: unknown[] }).issues).toEqual([
      { path: ["retire"], message: 'Unknown data source "no-such-source"' },
    ]);
  });
});

describeAs("admin", "an admin", () => {
  test("adds a third-party source and the mix changes", async ({ page }) => {
    await page.goto("/sources");
    const before = await percent(page, "third-party-share");
    const activeBefore = Number(await page.getByTestId("active-sources").textContent());

    const key = `broker-${Date.now()}`;
    await page.goto("/admin/sources/new");
    await page.getByLabel("Key").fill(key);
    await page.getByLabel("Name").fill("New audience broker");
    await page.getByLabel("Party", { exact: true }).selectOption("third");
    await page.getByLabel("Category").selectOption("data_broker");
    await page.getByLabel("Monthly records").fill("not a number");
    await page.getByLabel("Active from").fill("2026-01-01");
    await page.getByRole("button", { name: "Create source" }).click();
    await expect(page.locator("#source-monthlyVolume-error")).toBeVisible();

    await page.getByLabel("Monthly records").fill("1,000,000");
    // A purpose key not in the catalog: the form names it, and nothing is created.
    await page.getByLabel("Linked purposes").fill("no_such_purpose");
    await page.getByRole("button", { name: "Create source" }).click();
    await expect(page.locator("#source-linkedPurposes-error")).toHaveText(
      'Unknown purpose "no_such_purpose".',
    );
    await page.getByLabel("Linked purposes").fill("");
    await page.getByRole("button", { name: "Create source" }).click();
    await page.waitForURL("/admin/sources");
    await expect(page.getByTestId(`admin-source-row-${key}`)).toBeVisible();

    await page.goto("/sources");
    await expect.poll(() => percent(page, "third-party-share")).toBeGreaterThan(before);
    expect(Number(await page.getByTestId("active-sources").textContent())).toBe(activeBefore + 1);

    // Retiring it today takes it out of this month's mix again.
    await page.goto(`/admin/sources/${key}`);
    await page.getByRole("button", { name: "Retire today" }).click();
    await page.goto("/sources");
    await expect.poll(() => percent(page, "third-party-share")).toBe(before);
  });
  test("sees another admin's save made while the form was open, and saves again over it", async ({
    page,
    browser,
  }) => {
    const key = `shared-${Date.now()}`;
    await page.goto("/admin/sources/new");
    await page.getByLabel("Key").fill(key);
    await page.getByLabel("Name").fill("Shared survey");
    await page.getByLabel("Party", { exact: true }).selectOption("zero");
    await page.getByLabel("Category").selectOption("survey");
    await page.getByLabel("Monthly records").fill("500");
    await page.getByLabel("Active from").fill("2026-01-01");
    await page.getByRole("button", { name: "Create source" }).click();
    await page.waitForURL("/admin/sources");

    const other = await browser.newPage({ storageState: storageStateOf("admin") });
    await page.goto(`/admin/sources/${key}`);
    await other.goto(`/admin/sources/${key}`);
    await other.getByLabel("Owner team").fill("Growth");
    await other.getByLabel("Monthly records").fill("2,500");
    await other.getByRole("button", { name: "Save changes" }).click();
    await expect(other.getByText("Saved.")).toBeVisible();

    await page.getByLabel("Notes").fill("Quarterly");
    await page.getByRole("button", { name: "Save changes" }).click();
    const conflict = page.getByTestId("source-conflict");
    await expect(conflict).toContainText("Another admin saved this source on");
    // The saved values that differ from this form's, and only those.
    await expect(conflict.locator("dt")).toHaveText(["Monthly records", "Owner team", "Notes"]);
    await expect(conflict.locator("dd")).toHaveText(["2,500", "Growth", "—"]);
    await expect(page.getByLabel("Notes")).toHaveValue("Quarterly");

    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByText("Saved.")).toBeVisible();
    // A save refused for a field keeps naming the source the form was opened on.
    await page.getByLabel("Owner team").fill("Research");
    await page.getByLabel("Monthly records").fill("lots");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.locator("#source-monthlyVolume-error")).toBeVisible();
    await page.getByLabel("Monthly records").fill("500");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByText("Saved.")).toBeVisible();
    await expect(conflict).toHaveCount(0);
    await page.reload();
    await expect(page.getByLabel("Notes")).toHaveValue("Quarterly");
    await expect(page.getByLabel("Owner team")).toHaveValue("Research");
    await expect(page.getByLabel("Monthly records")).toHaveValue("500");
    await other.close();
  });

  test("sets the phase-out target with a decimal comma, as German writes it", async ({
    page,
    baseURL,
  }) => {
    await page.goto("/admin/sources");
    const share = page.getByLabel("Third-party share to reach (%)");
    const was = await share.inputValue();
    const save = async (value: string) => {
      await share.fill(value);
      await page.getByRole("button", { name: "Save target" }).click();
      await expect(page.getByText("Target saved.")).toBeVisible();
      await page.reload();
    };
    // Two decimals are kept as typed, not rounded to one when the form shows them again.
    await save("12,25");
    await expect(share).toHaveValue("12.25");
    // A German page offers it as German writes it.
    await page.context().addCookies([{ name: "NEXT_LOCALE", value: "de", url: baseURL! }]);
    await page.reload();
    const german = page.getByLabel("Zu erreichender Third-Party-Anteil (%)");
    await expect(german).toHaveValue("12,25");
    await page.context().clearCookies({ name: "NEXT_LOCALE" });
    await page.reload();
    await save(was); // the demo's target again, for the other tests
    await expect(share).toHaveValue(was);
  });

  test("removes the phase-out target, audited, and sets it again", async ({ page }) => {
    await page.goto("/admin/sources");
    const date = page.getByLabel("Target date");
    const share = page.getByLabel("Third-party share to reach (%)");
    const was = { date: await date.inputValue(), share: await share.inputValue() };
    expect(was.date).not.toBe("");
    await page.getByRole("button", { name: "Remove target" }).click();
    await expect(page.getByText("Target removed:")).toBeVisible();
    // The form is left empty, with nothing to remove.
    await expect(date).toHaveValue("");
    await expect(share).toHaveValue("");
    await expect(page.getByRole("button", { name: "Remove target" })).toHaveCount(0);
    await page.goto("/sources");
    await expect(page.getByTestId("phase-out-verdict")).toHaveText("No phase-out target set");
    await page.goto("/audit?action=data_source.clear_phase_out_target");
    const entry = page.getByTestId("audit-table").locator("tbody tr").first();
    await expect(entry).toContainText("removed the phase-out target");
    // The setting under the name its page gives it, a link to where it is set again.
    await expect(entry.getByRole("link", { name: "Phase-out target" })).toHaveAttribute(
      "href",
      "/admin/sources#target-title",
    );

    await page.goto("/admin/sources");
    await date.fill(was.date);
    await share.fill(was.share);
    await page.getByRole("button", { name: "Save target" }).click();
    await expect(page.getByText("Target saved.")).toBeVisible();
    await page.goto("/sources");
    await expect(page.getByTestId("phase-out-verdict")).not.toHaveText("No phase-out target set");
  });
});
