import { expect, test, type Page } from "@playwright/test";
import { api } from "./api/client";
import { baseURL } from "../playwright.config";
import { describeAs, storageStateOf } from "./helpers";

/** A law's readiness as the table shows it, in percent (68.8). */
const readiness = async (page: Page, lawId: string) =>
  Number((await page.getByTestId(`readiness-${lawId}`).textContent())!.replace(/[^\d.]/g, ""));

describeAs("privacy", "a privacy officer", () => {
  test("marks an obligation implemented and the law's readiness rises", async ({ page }) => {
    await page.goto("/laws");
    await expect(page.getByRole("heading", { level: 1, name: "Privacy laws" })).toBeVisible();
    const before = await readiness(page, "eu-gdpr");
    expect(before).toBeLessThan(100);
    await expect(page.getByTestId("controls-summary")).toContainText("not started");
    // The summary accounts for every control: its parts add up to its total.
    const summary = (await page.getByTestId("controls-summary").textContent())!;
    const [total, ...parts] = [
      ...summary.matchAll(/(\d+) (?:controls|implemented|in progress|not started|not applicable)/g),
    ].map((m) => Number(m[1]));
    expect(parts.reduce((sum, n) => sum + n, 0)).toBe(total);
    await page.getByRole("link", { name: "Open the obligations matrix and controls" }).click();
    await expect(page).toHaveURL(/\/laws\/obligations$/);
    await expect(page.getByTestId("obligation-matrix")).toBeVisible();
    await expect(page.getByTestId("control-cross_border_transfers")).toContainText("Not started");
    // Each cell of the matrix says its status in words to a screen reader, not only as a symbol.
    const implemented = page
      .getByTestId("obligation-matrix")
      .getByRole("cell", { name: /^Implemented/ });
    const implementedBefore = await implemented.count();

    await page
      .getByRole("link", { name: "Edit the control for Cross-border transfer rules" })
      .click();
    await expect(page).toHaveURL(/\/laws\/controls\/cross_border_transfers$/);
    await expect(page.getByTestId("requiring-laws")).toContainText("GDPR");
    await page.getByLabel("Status").selectOption("implemented");
    await page.getByLabel("Owner").fill("Legal");
    await page
      .getByLabel("Evidence")
      .fill("https://wiki.example/transfers — SCCs with all processors");
    await page.getByRole("button", { name: "Save control" }).click();
    await expect(page.getByText("Control saved.")).toBeVisible();
    await expect(page.getByText(/priya@firstparty\.demo|Priya/).first()).toBeVisible();

    await page.getByRole("link", { name: "← Back to obligations and controls" }).click();
    await expect(page.getByTestId("control-cross_border_transfers")).toContainText("Implemented");
    await expect(page.getByTestId("control-cross_border_transfers")).toContainText("Legal");
    // Every law's cell for cross-border transfers now reads "Implemented".
    expect(await implemented.count()).toBeGreaterThan(implementedBefore);
    await page.goto("/laws");
    expect(await readiness(page, "eu-gdpr")).toBeGreaterThan(before);

    const { data } = await api(page.request).GET("/api/v1/laws");
    const gdpr = data!.laws.find((l) => l.id === "eu-gdpr")!;
    expect(Math.round(gdpr.readiness! * 1000) / 10).toBe(await readiness(page, "eu-gdpr"));
  });

  test("reads the evidence the configuration gives, its dates in the reader's language", async ({
    page,
    baseURL,
  }) => {
    await page.goto("/laws/controls/universal_opt_out");
    const evidence = page.getByTestId("config-evidence");
    await expect(evidence).toContainText(/latest on [A-Z][a-z]{2} \d{1,2}, \d{4}\)/);
    await page.context().addCookies([{ name: "NEXT_LOCALE", value: "de", url: baseURL! }]);
    await page.reload();
    await expect(evidence).toContainText(/zuletzt am \d{2}\.\d{2}\.\d{4}\)/);
  });

  test("refuses a bad due date with a message under the field, then saves", async ({ page }) => {
    await page.goto("/laws/controls/dpo");
    await page.getByLabel("Status").selectOption("in_progress");
    await page.getByLabel("Due date").evaluate((el: HTMLInputElement) => {
      el.type = "text";
      el.value = "next week";
    });
    await page.getByRole("button", { name: "Save control" }).click();
    await expect(page.locator("#control-due-error")).toHaveText(/YYYY-MM-DD|date/i);
    await page.getByLabel("Due date").fill("2027-02-01");
    await page.getByRole("button", { name: "Save control" }).click();
    await expect(page.getByText("Control saved.")).toBeVisible();
  });

  test("sees another officer's save made while the form was open, and saves again over it", async ({
    page,
    browser,
  }) => {
    const other = await browser.newPage({ storageState: storageStateOf("privacy") });
    await page.goto("/laws/controls/ai_transparency");
    await other.goto("/laws/controls/ai_transparency");

    await other.getByLabel("Status").selectOption("in_progress");
    await other.getByLabel("Owner").fill("Legal");
    await other.getByRole("button", { name: "Save control" }).click();
    await expect(other.getByText("Control saved.")).toBeVisible();

    await page.getByLabel("Status").selectOption("in_progress");
    await page.getByLabel("Owner").fill("Data science");
    await page.getByRole("button", { name: "Save control" }).click();
    const conflict = page.getByTestId("control-conflict");
    await expect(conflict).toContainText("privacy@firstparty.demo saved this control on");
    await expect(conflict).toContainText("Legal");
    await expect(page.getByLabel("Owner")).toHaveValue("Data science");

    // Saving again deliberately replaces the other officer's control; a later save of this
    // form names the control it just saved and goes through too.
    await page.getByRole("button", { name: "Save control" }).click();
    await expect(page.getByText("Control saved.")).toBeVisible();
    await page.getByLabel("Evidence").fill("Model cards in the wiki");
    await page.getByRole("button", { name: "Save control" }).click();
    await expect(page.getByText("Control saved.")).toBeVisible();
    await expect(conflict).toHaveCount(0);

    // The other page still shows its own save: its next save is refused in turn.
    await other.getByRole("button", { name: "Save control" }).click();
    await expect(other.getByTestId("control-conflict")).toContainText("Data science");
    await other.reload();
    await expect(other.getByLabel("Owner")).toHaveValue("Data science");
    await expect(other.getByLabel("Evidence")).toHaveValue("Model cards in the wiki");
    await other.close();
  });

  test("adds an internal deadline and a law of its own, and removes the deadline", async ({
    page,
  }) => {
    await page.goto("/laws");
    await page.getByLabel("Title").fill("Consent banner review");
    await page.getByLabel("Date", { exact: true }).fill("2027-02-15");
    await page.getByLabel("Law (optional)").selectOption("eu-gdpr");
    await page.getByRole("button", { name: "Add an internal deadline" }).click();
    await expect(page.getByText("Deadline added.")).toBeVisible();
    await expect(page.getByTestId("deadlines")).toContainText("Consent banner review · GDPR (EEA)");
    await expect(page.getByTestId("timeline-upcoming")).toContainText(
      "internal deadline: Consent banner review",
    );

    await page.getByRole("link", { name: "Add a law not in the catalog" }).click();
    await page.getByRole("button", { name: "Add a law not in the catalog" }).click();
    await expect(page.getByText("Enter a short name.")).toBeVisible();
    await expect(page.getByText("Choose at least one obligation.")).toBeVisible();
    await page.getByLabel("Name", { exact: true }).fill("Massachusetts Data Privacy Act");
    await page.getByLabel("Short name").fill("MA DPA");
    await page.getByLabel("Jurisdictions").fill("us-ma");
    await page.getByLabel("Effective date").fill("2027-07-01");
    await page.getByLabel("Right of access").check();
    await page.getByLabel("Right to deletion").check();
    await page.getByRole("button", { name: "Add a law not in the catalog" }).click();
    await expect(page).toHaveURL(/\/laws#laws-table$/);
    // 39 laws fill two pages of the table; the find box brings the new one up.
    await page.getByLabel("Find a law by name, short name or jurisdiction").fill("ma dpa");
    await page.getByRole("button", { name: "Find", exact: true }).click();
    await expect(page.getByTestId("laws-table").locator("tbody tr")).toHaveCount(1);
    const row = page.getByTestId("law-row-own-ma-dpa");
    await expect(row).toContainText("own");
    await expect(row).toContainText("US-MA");
    await expect(row).toContainText("Your own entry");

    await page.getByRole("button", { name: "Delete the deadline Consent banner review" }).click();
    await expect(page.getByTestId("deadlines")).not.toContainText("Consent banner review");
  });
});

describeAs("marketing", "a marketing user", () => {
  test("sees the laws, filters them and cannot edit", async ({ page }) => {
    await page.goto("/laws");
    await expect(page.getByTestId("laws-table")).toBeVisible();
    await expect(page.getByTestId("law-row-us-ca-ccpa")).toContainText("US-CA");
    await expect(page.getByRole("button", { name: "Add an internal deadline" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Add a law not in the catalog" })).toHaveCount(0);

    await page.getByLabel("Jurisdiction", { exact: true }).selectOption("US-CA");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(/jurisdiction=US-CA/);
    // California's two laws in the catalog: the CCPA/CPRA and the Delete Act.
    const rows = page.getByTestId("laws-table").locator("tbody tr");
    await expect(rows).toHaveCount(2);
    await expect(page.getByTestId("law-row-us-ca-ccpa")).toBeVisible();
    await expect(page.getByTestId("laws-table")).toContainText("Delete Act");
    // The filter carries over to the matrix, which only privacy officers can edit from.
    await page.getByRole("link", { name: "Open the obligations matrix and controls" }).click();
    await expect(page).toHaveURL(/\/laws\/obligations\?jurisdiction=US-CA$/);
    await expect(page.getByTestId("obligations-filter")).toContainText("2 laws matching US-CA");
    const matrixRows = page.getByTestId("obligation-matrix").locator("tbody tr");
    await expect(matrixRows).toHaveCount(2);
    await expect(page.getByTestId("obligation-matrix")).toContainText("CCPA");
    await expect(page.getByTestId("controls-table")).toBeVisible();
    await expect(page.getByRole("link", { name: /Edit the control/ })).toHaveCount(0);

    expect((await page.goto("/laws/controls/dpo"))?.status()).toBe(403);
  });

  test("scans the dates by quarter and tells laws of the same name apart", async ({ page }) => {
    await page.goto("/laws");
    // Each law is named with its jurisdiction: Montana's MCDPA is not Minnesota's MNCDPA.
    await page.getByText(/Dates already passed/).click();
    const past = page.getByTestId("timeline-past");
    await expect(past).toContainText("MCDPA (US-MT) takes effect");
    await expect(past).toContainText("MNCDPA (US-MN) takes effect");
    // The strip above the rail: one box per quarter from the next date to the last, each
    // saying how many dates fall in it and linking down to them.
    const strip = page.getByRole("navigation", { name: "Dates by quarter" });
    const boxes = strip.getByRole("listitem");
    expect(await boxes.count()).toBeGreaterThan(1);
    const quarters = page.getByTestId("timeline-upcoming").locator("section");
    expect(await quarters.count()).toBe(await strip.getByRole("link").count());
    for (const section of await quarters.all()) {
      const [, q, year] = (await section.locator("h4").textContent())!.match(/^Q([1-4]) (\d{4})$/)!;
      const dates = await section
        .locator("time")
        .evaluateAll((ts) => ts.map((t) => t.getAttribute("datetime")!));
      expect(dates.length).toBeGreaterThan(0);
      for (const d of dates) {
        expect(d.slice(0, 4)).toBe(year);
        expect(Math.ceil(Number(d.slice(5, 7)) / 3)).toBe(Number(q));
      }
      const count = dates.length === 1 ? "1 date" : `${dates.length} dates`;
      await expect(strip.getByRole("link", { name: `Q${q} ${year} ${count}` })).toBeVisible();
    }
    // Readiness: a bar, its percentage and the obligations still open, not a bare badge.
    await expect(page.getByTestId("open-eu-gdpr")).toHaveText(/^(\d+ of \d+ open|all \d+ done)$/);
    await expect(page.getByTestId("laws-table")).not.toContainText("not ready");
    expect((await page.goto("/laws/new"))?.status()).toBe(403);
  });

  test("sorts the laws table by any column and pages through it", async ({ page }) => {
    await page.goto("/laws");
    const table = page.getByTestId("laws-table");
    const rows = table.locator("tbody tr");
    await expect(rows).toHaveCount(25);
    const pager = page.getByRole("navigation", { name: "Pages of the table" });
    await expect(pager).toContainText(/Rows 1–25 of (\d+)/);
    const total = Number(/of (\d+)/.exec((await pager.textContent())!)![1]);
    await pager.getByRole("link", { name: "Next page →" }).click();
    await expect(page).toHaveURL(/page=2/);
    await expect(rows).toHaveCount(total - 25);
    await expect(pager).toContainText(`Rows 26–${total} of ${total}`);

    // Sorting by readiness, lowest first, then highest first: the header says which.
    await page.goto("/laws");
    const header = table.getByRole("columnheader", { name: /Readiness/ });
    await header.getByRole("link").click();
    await expect(page).toHaveURL(/sort=readiness/);
    await expect(header).toHaveAttribute("aria-sort", "ascending");
    const shown = async () =>
      (await table.locator("[data-testid^=readiness-]").allTextContents()).map((v) =>
        Number(v.replace(/[^\d.]/g, "")),
      );
    const ascending = await shown();
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    await header.getByRole("link").click();
    await expect(header).toHaveAttribute("aria-sort", "descending");
    const descending = await shown();
    expect(descending).toEqual([...descending].sort((a, b) => b - a));
    // The page's own filter stays when the table is sorted.
    await page.goto("/laws?jurisdiction=US-CA&sort=-effective");
    await expect(rows).toHaveCount(2);
    await expect(rows.first()).toContainText("Delete Act");
    await page.goto("/laws?sort=nonsense");
    await expect(page.getByText(/cannot sort by “nonsense”/)).toBeVisible();
  });

  test("downloads the calendar and reads the laws API", async ({ page, playwright }) => {
    const ics = await page.request.get("/api/v1/laws/calendar.ics");
    expect(ics.status()).toBe(200);
    expect(ics.headers()["content-type"]).toMatch(/^text\/calendar/);
    const text = await ics.text();
    expect(text).toMatch(/^BEGIN:VCALENDAR/);
    expect(text).toContain("UID:law-eu-gdpr@");
    expect(text).toMatch(/DTSTART;VALUE=DATE:20180525/);

    const body = (await api(page.request).GET("/api/v1/laws")).data!;
    expect(body.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(body.laws.length).toBeGreaterThan(30);
    for (const law of body.laws) {
      expect(["in_force", "upcoming", "repealed"]).toContain(law.status);
      expect(law.status === "in_force").toBe(law.effectiveDate <= body.asOf);
    }
    // Each law's customers: the profiles of the regions it covers, as the table shows them.
    const regions = new Map(body.coverage.byRegion.map((r) => [r.region, r.profiles]));
    const inEea = [...regions].filter(([region]) => /^(DE|FR|IT|ES|NL|AT|IE|NO)(-|$)/.test(region));
    const gdpr = body.laws.find((l) => l.id === "eu-gdpr")!;
    expect(gdpr.customers).toBeGreaterThanOrEqual(inEea.reduce((sum, [, n]) => sum + n, 0));
    expect(gdpr.customers).toBeLessThanOrEqual(body.coverage.now.total);
    expect(body.laws.find((l) => l.id === "us-ca-ccpa")!.customers).toBe(regions.get("US-CA") ?? 0);
    await page.goto("/laws");
    const byLaw = page.getByTestId("coverage-by-law");
    await expect(byLaw.getByTestId("customers-eu-gdpr")).toContainText(
      gdpr.customers.toLocaleString("en-US"),
    );
    // The most customers first; a law covering none is left out.
    const most = Math.max(...body.laws.map((l) => l.customers));
    await expect(byLaw.locator("tbody tr").first()).toContainText(most.toLocaleString("en-US"));
    const covering = body.laws.filter((l) => l.status !== "repealed" && l.customers > 0);
    await expect(byLaw.locator("tbody tr")).toHaveCount(covering.length);
    const anonymous = await playwright.request.newContext({
      baseURL,
      storageState: { cookies: [], origins: [] },
    });
    expect((await anonymous.get("/api/v1/laws/calendar.ics")).status()).toBe(401);
    // A calendar app holds only the personal subscription address shown on /laws.
    await page.goto("/laws");
    const feed = new URL(await page.getByLabel("Your calendar subscription address").inputValue());
    const subscribed = await anonymous.get(feed.pathname + feed.search);
    expect(subscribed.status()).toBe(200);
    expect(await subscribed.text()).toContain("UID:law-eu-gdpr@");
    feed.searchParams.set(
      "token",
      feed.searchParams.get("token")!.replace(/^./, (c) => (c === "A" ? "B" : "A")),
    );
    expect((await anonymous.get(feed.pathname + feed.search)).status()).toBe(401);
    await anonymous.dispose();
  });

  test("reads the same next date above the table whatever the table is filtered to", async ({
    page,
  }) => {
    const card = page.locator("section[aria-labelledby=c-upcoming]");
    await page.goto("/laws");
    const everything = (await card.textContent())!;
    expect(everything).toMatch(/\d{4}|today/);
    // Brazil's law has no date to come: the timeline below says so, the card does not change.
    await page.goto("/laws?jurisdiction=BR");
    await expect(page.getByTestId("law-row-br-lgpd")).toBeVisible();
    await expect(page.getByTestId("law-row-eu-gdpr")).toHaveCount(0);
    await expect(card).toHaveText(everything);
  });

  test("reads the EU's and Switzerland's laws by their German names on German pages", async ({
    page,
  }) => {
    await page.context().addCookies([{ name: "NEXT_LOCALE", value: "de", url: baseURL }]);
    await page.goto("/laws");
    const gdpr = page.getByTestId("law-row-eu-gdpr").getByRole("rowheader");
    await expect(gdpr.locator("abbr")).toHaveText("DSGVO");
    await expect(gdpr.locator("abbr")).toHaveAttribute(
      "title",
      "Verordnung (EU) 2016/679 – Datenschutz-Grundverordnung",
    );
    await expect(page.getByTestId("law-row-ch-revfadp").locator("abbr")).toHaveText("revDSG");
    await expect(page.getByTestId("law-row-us-ca-ccpa").locator("abbr")).toHaveText("CCPA/CPRA");
    await expect(page.getByRole("progressbar", { name: /DSGVO \(EEA\)/ })).toBeVisible();
    // Found by either name.
    await page
      .getByLabel("Gesetz nach Name, Kurzname oder Rechtsraum suchen")
      .fill("Datenschutz-Grundverordnung");
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/find=Datenschutz-Grundverordnung/);
    await expect(page.getByTestId("law-row-eu-gdpr")).toBeVisible();
    await expect(page.getByTestId("law-row-us-ca-ccpa")).toHaveCount(0);
    await page.goto("/laws/obligations");
    await expect(
      page.getByTestId("obligation-matrix").getByRole("rowheader", { name: "DSGVO (EEA)" }),
    ).toBeVisible();
    // The API gives both, for readers in either language.
    const { data } = await api(page.request).GET("/api/v1/laws");
    expect(data!.laws.find((l) => l.id === "eu-gdpr")).toMatchObject({
      shortName: "GDPR",
      shortNameDe: "DSGVO",
      nameDe: "Verordnung (EU) 2016/679 – Datenschutz-Grundverordnung",
    });
    expect(data!.laws.find((l) => l.id === "us-ca-ccpa")).toMatchObject({
      nameDe: "",
      shortNameDe: "",
    });
  });

  test("gets the calendar in German, downloaded and subscribed", async ({ page, playwright }) => {
    await page.context().addCookies([{ name: "NEXT_LOCALE", value: "de", url: baseURL }]);
    const downloaded = await (await page.request.get("/api/v1/laws/calendar.ics")).text();
    expect(downloaded).toContain("X-WR-CALNAME:Fristen der Datenschutzgesetze (Firstparty)");
    // The EU's laws by their German names (DSGVO for GDPR), the others by their own.
    expect(downloaded).toMatch(/SUMMARY:DSGVO \(EEA\) wird anwendbar/);
    expect(downloaded).toMatch(/SUMMARY:CCPA\/CPRA \(US-CA\) wird anwendbar/);
    expect(downloaded).not.toContain("takes effect");
    // The subscription address carries the language: a calendar app sends no cookie.
    await page.goto("/laws");
    const feed = new URL(await page.getByLabel("Ihre Abonnement-Adresse").inputValue());
    expect(feed.searchParams.get("lang")).toBe("de");
    const anonymous = await playwright.request.newContext({
      baseURL,
      storageState: { cookies: [], origins: [] },
    });
    const subscribed = await (await anonymous.get(feed.pathname + feed.search)).text();
    expect(subscribed).toMatch(/SUMMARY:DSGVO \(EEA\) wird anwendbar/);
    // The same events in either language: the UIDs do not change with it.
    feed.searchParams.set("lang", "en");
    const english = await (await anonymous.get(feed.pathname + feed.search)).text();
    expect(english).toMatch(/SUMMARY:GDPR \(EEA\) takes effect/);
    expect(english.match(/UID:.*/g)).toEqual(subscribed.match(/UID:.*/g));
    feed.searchParams.set("lang", "fr");
    const refused = await anonymous.get(feed.pathname + feed.search);
    expect(refused.status()).toBe(400);
    expect(await refused.json()).toMatchObject({
      issues: [{ path: ["lang"], message: 'Choose one of en, de, not "fr"' }],
    });
    await anonymous.dispose();
  });
});
