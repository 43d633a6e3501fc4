import { readFile } from "node:fs/promises";
import { api } from "./api/client";
import { parse } from "csv-parse/sync";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { describeAs, storageStateOf } from "./helpers";

/** The download button of the consent dashboard's chart by purpose. */
const purposeChartDownload = (page: Page) =>
  page
    .getByRole("figure")
    .filter({ hasText: "Consent rate by purpose as of" })
    .getByRole("button", { name: "Download data (CSV)" });

describeAs("marketing", "a marketing user", () => {
  test("filters the consent dashboard to one region, sees the figures change, and the CSV matches the chart", async ({
    page,
  }) => {
    await page.goto("/consent");
    // Every chart's download button is named alike; its chart's caption describes it.
    await expect(purposeChartDownload(page)).toHaveAccessibleDescription(
      /^Consent rate by purpose as of/,
    );
    const overall = page.getByTestId("consent-overall-rate");
    await expect(overall).toHaveText(/\d+(\.\d)?%/);
    const before = await overall.textContent();
    const regionsBefore = await page.getByTestId("consent-by-region").getAttribute("aria-label");
    expect(regionsBefore).toContain("US-CA");

    await page.getByLabel("Region").selectOption("DE");
    await expect(page).toHaveURL(/region=DE/);
    await expect(page.getByTestId("consent-by-region")).toHaveAttribute("aria-label", /^DE: \d/);
    await expect(overall).not.toHaveText(before!);

    // The shared link opens the same view.
    const url = page.url();
    await page.goto(url);
    await expect(page.getByLabel("Region")).toHaveValue("DE");

    const metrics = (
      await api(page.request).GET("/api/v1/metrics/consent", {
        params: { query: { region: "DE" } },
      })
    ).data!;
    const download = page.waitForEvent("download");
    await purposeChartDownload(page).click();
    const rows: Record<string, string>[] = parse(
      await readFile((await (await download).path())!, "utf8"),
      { columns: true, bom: true },
    );
    const shown = metrics.purposes.filter((p) => p.decided > 0);
    expect(rows.map((r) => r.key)).toEqual(shown.map((p) => p.key));
    for (const [i, row] of rows.entries()) {
      expect(row.definition).toBe("consent-rate");
      expect(Number(row.denominator)).toBe(shown[i]!.decided);
      expect(Number(row.numerator)).toBe(shown[i]!.granted);
      // Rates to four decimals (48.31 %), counts exact.
      expect(Number(row.rate)).toBeCloseTo(shown[i]!.rate!, 4);
      expect(row.rate).toMatch(/^(0|1)(\.\d{1,4})?$/);
    }
  });

  test("asks again for figures it showed before once they are older than the dashboard says", async ({
    page,
  }) => {
    await page.clock.install();
    await page.goto("/consent");
    await expect(page.getByTestId("figures-as-of")).toContainText("5 seconds old");
    // The page's scripts run (before that, the filter is a plain form that reloads the page).
    await expect(page.getByRole("button", { name: "Print or save as PDF" })).toBeEnabled();
    const asked: string[] = [];
    page.on("request", (request) => {
      const url = new URL(request.url());
      if (url.pathname === "/api/v1/metrics/consent") asked.push(url.search);
    });
    const regions = page.getByTestId("consent-by-region");
    // DE may lead the unfiltered breakdown too: filtered, it is the only region.
    const onlyDE = /^DE: [^,;]*$/;
    await page.getByLabel("Region").selectOption("DE");
    await expect(regions).toHaveAttribute("aria-label", onlyDE);
    await page.getByLabel("Region").selectOption({ label: "All" });
    await expect(regions).toHaveAttribute("aria-label", /US-CA/);
    // Back within 5 seconds: the tab's own copy, not asked again. (The unfiltered figures on
    // screen may be asked again meanwhile: an open dashboard refreshes itself every 5 s.)
    await page.getByLabel("Region").selectOption("DE");
    await expect(regions).toHaveAttribute("aria-label", onlyDE);
    expect(asked.filter((q) => q.includes("region="))).toEqual([
      expect.stringContaining("region=DE"),
    ]);
    const unfiltered = asked.filter((q) => !q.includes("region=")).length;
    // Older than that: the figures on screen are asked again by themselves, and the earlier
    // ones when chosen again (and shown meanwhile).
    await page.clock.fastForward(6_000);
    await expect
      .poll(() => asked.filter((q) => q.includes("region=DE")).length)
      .toBeGreaterThanOrEqual(2);
    await page.getByLabel("Region").selectOption({ label: "All" });
    await expect
      .poll(() => asked.filter((q) => !q.includes("region=")).length)
      .toBeGreaterThan(unfiltered);
    await expect(regions).toHaveAttribute("aria-label", /US-CA/);
  });

  test("buttons that need the page's scripts are disabled until they run, then work", async ({
    page,
  }) => {
    // The page's scripts held back: the server's HTML is all there is.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route("**/_next/static/chunks/**", async (route) => {
      await released;
      await route.continue();
    });
    await page.goto("/consent", { waitUntil: "commit" });
    const print = page.getByRole("button", { name: "Print or save as PDF" });
    await expect(print).toBeVisible();
    // Not buttons that ignore a click: disabled until they can act.
    await expect(print).toBeDisabled();
    await expect(page.getByRole("button", { name: "Sign out" })).toBeDisabled();
    release();
    await expect(print).toBeEnabled();
    const download = page.waitForEvent("download");
    await purposeChartDownload(page).click();
    expect((await download).suggestedFilename()).toMatch(/\.csv$/);
  });

  test("switches to the acceptance rate, every title names it, and the definitions page explains it", async ({
    page,
  }) => {
    await page.goto("/consent");
    const overall = page.getByTestId("consent-overall-rate");
    await expect(page.getByRole("heading", { name: /^Consent rate · / })).toBeVisible();
    // The consent rate before is the customers' state at the period's end, not over it.
    await expect(page.getByTestId("consent-previous")).toContainText(/^Before, as of /);
    await page.getByLabel("Definition").selectOption("acceptance-rate");
    await expect(page).toHaveURL(/definition=acceptance-rate/);
    await expect(page.getByRole("heading", { name: /^Acceptance rate · / })).toBeVisible();
    await expect(page.getByTestId("consent-previous")).toContainText(/^Before, .+ to .+: /);
    await expect(
      page.getByRole("figure").filter({ hasText: "Acceptance rate by region" }),
    ).toHaveCount(1);
    await expect(
      page.getByRole("figure").filter({ hasText: "Acceptance rate by purpose from" }),
    ).toHaveCount(1);
    // No title fell back to its message key.
    await expect(page.getByText(/\bconsent\.[a-zA-Z]+/)).toHaveCount(0);
    const { data } = await api(page.request).GET("/api/v1/metrics/consent", {
      params: { query: { definition: "acceptance-rate" } },
    });
    expect(data!.definition).toBe("acceptance-rate");
    expect(data!.overall.denominator).toBe(data!.events.grant + data!.events.deny);
    await expect(overall).toHaveText(`${(data!.overall.rate! * 100).toFixed(1)}%`);

    await page.getByRole("link", { name: "What the rates mean" }).click();
    await expect(page).toHaveURL(/\/definitions$/);
    for (const name of ["Consent rate", "Opt-in rate", "Acceptance rate"])
      await expect(
        page.getByRole("heading", { level: 2, name: new RegExp(`^${name}`) }),
      ).toBeVisible();
    await expect(page.getByTestId("why-higher")).toContainText("50.0%");
  });

  test("can choose any purpose the figures count, and a link naming another keeps it chosen", async ({
    page,
  }) => {
    await page.goto("/consent");
    const purpose = page.getByLabel("Purpose", { exact: true });
    // The demo's contract purposes have no decisions: not offered.
    await expect(purpose.locator("option", { hasText: "Newsletter" })).toHaveCount(1);
    await expect(purpose.locator('option[value="order-fulfilment"]')).toHaveCount(0);
    // A link naming one shows it chosen, not "All" over figures of that purpose alone.
    await page.goto("/consent?purpose=order-fulfilment");
    await expect(purpose).toHaveValue("order-fulfilment");
  });

  test("cannot open a customer's consent history, nor through the API", async ({ page }) => {
    await page.goto("/consent");
    await expect(page.getByRole("heading", { name: "Proof of consent" })).toHaveCount(0);
    expect((await page.goto("/consent/subjects/cust-0000007"))?.status()).toBe(403);
    expect((await page.request.get("/api/v1/subjects/cust-0000007/consents")).status()).toBe(403);
  });
});

describeAs("privacy", "a privacy officer", () => {
  test("looks up a customer's consent history and downloads the receipt", async ({
    page,
    baseURL,
  }) => {
    await page.goto("/consent");
    await page.getByLabel("E-mail, phone, identifier or subject ID").fill("cust-0000007");
    await page.getByRole("button", { name: "Find customer" }).click();
    await page.waitForURL("/consent/subjects?q=cust-0000007");
    const results = page.getByTestId("search-results");
    await expect(results.locator("tbody tr")).toHaveCount(1);
    await expect(results).toContainText("its subject ID");
    await results.getByRole("link", { name: "cust-0000007" }).click();
    await page.waitForURL("/consent/subjects/cust-0000007");
    const history = page.getByTestId("subject-history").locator("tbody tr");
    expect(await history.count()).toBeGreaterThan(0);
    // The legal basis in words, as the purpose catalog names it, not its stored value.
    await expect(history.first().getByRole("cell", { name: "Consent", exact: true })).toBeVisible();
    // When it arrived beside when it was made, and what the purpose covered at that version.
    const headers = page.getByTestId("subject-history").getByRole("columnheader");
    await expect(headers).toContainText(["When", "Received", "Purpose"]);
    await expect(headers).toContainText(["Data"]);
    await expect(page.getByTestId("subject-history")).toContainText(
      /Contact details|Browsing behaviour|Purchase history|Device and online identifiers/,
    );
    const current = page.getByTestId("subject-current").locator("tbody tr");
    expect(await current.count()).toBeGreaterThan(0);

    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Download consent receipt (JSON)" }).click();
    const receipt = JSON.parse(await readFile((await (await download).path())!, "utf8"));
    expect(receipt.dataSubject.id).toBe("cust-0000007");
    expect(receipt.consents).toHaveLength(await current.count());
    for (const c of receipt.consents) {
      expect(c.purpose).toEqual(
        expect.objectContaining({
          key: expect.any(String),
          version: expect.any(Number),
          legalBasis: "consent",
        }),
      );
      expect(c.purpose.dataCategories.length).toBeGreaterThan(0);
      expect(c.collection).toEqual(
        expect.objectContaining({ method: expect.any(String), region: expect.any(String) }),
      );
      expect(["granted", "denied", "withdrawn"]).toContain(c.state);
    }

    // A German page names the purposes as the catalog does in German.
    const catalog = (await (await page.request.get("/api/v1/purposes")).json()) as {
      purposes: { key: string; name: string; nameDe: string }[];
    };
    const german = new Map(catalog.purposes.map((p) => [p.key, p.nameDe || p.name]));
    await page.context().addCookies([{ name: "NEXT_LOCALE", value: "de", url: baseURL! }]);
    await page.reload();
    const shown = await current.locator("td:first-child, th:first-child").allInnerTexts();
    expect(shown.sort()).toEqual(
      receipt.consents.map((c: { purpose: { key: string } }) => german.get(c.purpose.key)).sort(),
    );
    await page.context().clearCookies({ name: "NEXT_LOCALE" });

    await page.goto("/consent/subjects/nobody-here");
    await expect(page.getByTestId("subject-not-found")).toBeVisible();
    // Ids with characters that need escaping reach the lookup intact (no double decoding).
    const escaped = await page.request.get("/api/v1/subjects/a%25zz/consents");
    expect(escaped.status()).toBe(404);
    await page.goto("/consent/subjects/a%25zz");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Consent history of a%zz");
  });
});

describeAs("privacy", "a privacy officer with a customer on the phone", () => {
  test("finds the customer by the e-mail address or phone number they give", async ({
    page,
    playwright,
    baseURL,
  }) => {
    // The customer's profile arrives from another system, written as that system writes it.
    const admin = await playwright.request.newContext({
      baseURL,
      storageState: storageStateOf("admin"),
    });
    const key = (
      await api(admin).POST("/api/v1/api-keys", {
        body: { name: `crm ${Date.now()}`, scopes: ["ingest"] },
      })
    ).data!.key;
    const feeder = await playwright.request.newContext({ baseURL });
    const stamp = String(Date.now());
    const subjectId = `e2e-search-${stamp}`;
    const local = String(1_000_000 + (Number(stamp) % 9_000_000)); // seven digits, no leading 0
    const national = `030 ${local}`; // a Berlin number, as a German form takes it
    const stored = await api(feeder, key).POST("/api/v1/profiles", {
      body: {
        profiles: [
          {
            subjectId,
            region: "DE",
            identifiers: { email: `Lea.Lind+${stamp}@Example.com`, phone: national },
            attributes: [],
          },
        ],
      },
    });
    expect(stored.response.status).toBe(200);
    await Promise.all([admin.dispose(), feeder.dispose()]);

    await page.goto("/consent/subjects");
    await expect(page.getByRole("heading", { level: 1, name: "Find a customer" })).toBeVisible();
    const search = page.getByRole("searchbox", { name: "E-mail, phone, identifier or subject ID" });
    const results = page.getByTestId("search-results");
    // Capitals and spaces do not matter in an e-mail address.
    await search.fill(`  lea.lind+${stamp}@EXAMPLE.com `);
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await expect(results.locator("tbody tr")).toHaveCount(1);
    await expect(results).toContainText(`E-mail: Lea.Lind+${stamp}@Example.com`);
    // The number as the customer says it on the phone, in international form.
    await search.fill(`+49 30 ${local.slice(0, 3)} ${local.slice(3)}`);
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await expect(page.getByTestId("search-read-as")).toContainText(`+4930${local}`);
    await expect(results.getByRole("row", { name: new RegExp(subjectId) })).toContainText(
      `Phone: ${national}`,
    );
    await results.getByRole("link", { name: subjectId }).click();
    await page.waitForURL(`/consent/subjects/${subjectId}`);

    await page.goto("/consent/subjects?q=nobody%40example.org");
    await expect(page.getByTestId("search-empty")).toBeVisible();
  });
});

describeAs("admin", "another system", () => {
  async function ingestKey(request: APIRequestContext) {
    const created = await api(request).POST("/api/v1/api-keys", {
      body: { name: `feeder ${Date.now()}`, scopes: ["ingest"] },
    });
    return created.data!.key;
  }

  test("sends consent events as JSON and NDJSON: duplicates counted, bad batches refused whole", async ({
    request,
    playwright,
    baseURL,
  }) => {
    const key = await ingestKey(request);
    const context = await playwright.request.newContext({ baseURL });
    const feeder = api(context, key);
    const subject = `e2e-${Date.now()}`;
    type Event = { action: "grant" | "deny" | "withdraw"; purpose: string; occurredAt: string };
    const event = (n: number, over: Partial<Event> = {}) => ({
      eventId: `${subject}-${n}`,
      subjectId: subject,
      purpose: "newsletter",
      action: "grant" as Event["action"],
      occurredAt: "2026-10-01T10:00:00Z",
      channel: "web" as const,
      region: "DE",
      noticeVersion: "2026-05",
      source: "preference-center",
      ...over,
    });

    const first = await feeder.POST("/api/v1/consent-events", {
      body: { events: [event(1), event(2, { purpose: "product-analytics", action: "deny" })] },
    });
    expect(first.response.status).toBe(200);
    expect(first.data).toEqual({ accepted: 2, duplicates: 0 });

    const ndjson = [
      event(2, { purpose: "product-analytics", action: "deny" }),
      event(3, { action: "withdraw", occurredAt: "2026-10-05T10:00:00Z" }),
    ]
      .map((e) => JSON.stringify(e))
      .join("\n");
    const second = await feeder.POST("/api/v1/consent-events", {
      params: { header: { "sec-gpc": "1" } },
      headers: { "content-type": "application/x-ndjson" },
      body: ndjson,
      bodySerializer: (text) => text,
    });
    expect(second.data).toEqual({ accepted: 1, duplicates: 1 });

    const bad = await feeder.POST("/api/v1/consent-events", {
      body: {
        events: [
          event(4),
          event(5, { purpose: "unknown-purpose" }),
          event(6, { occurredAt: "yesterday" }),
        ],
      },
    });
    expect(bad.response.status).toBe(422);
    expect(bad.error!.issues.map((i) => i.path)).toEqual([
      ["events", 1, "purpose"],
      ["events", 2, "occurredAt"],
    ]);

    const huge = await context.post("/api/v1/consent-events", {
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      data: Buffer.alloc(5 * 1024 * 1024 + 10, 32),
    });
    expect(huge.status()).toBe(413);
    expect((await feeder.GET("/api/v1/api-keys")).response.status).toBe(403); // an ingest key reads nothing

    const history = (
      await api(request).GET("/api/v1/subjects/{subjectId}/consents", {
        params: { path: { subjectId: subject } },
      })
    ).data!;
    expect(history.history.map((h) => [h.eventId, h.gpc])).toEqual([
      [`${subject}-1`, false],
      [`${subject}-2`, false],
      [`${subject}-3`, true],
    ]);
    expect(history.current.find((c) => c.purpose === "newsletter")!.state).toBe("withdrawn");
    await context.dispose();
  });
});
