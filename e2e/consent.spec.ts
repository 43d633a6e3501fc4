import { readFile } from "node:fs/promises";
import { api } from "./api/client";
import { parse } from "csv-parse/sync";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { describeAs } from "./helpers";

describeAs("marketing", "a marketing user", () => {
  test("filters the consent dashboard to one region, sees the figures change, and the CSV matches the chart", async ({
    page,
  }) => {
    await page.goto("/consent");
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
    await page
      .getByRole("figure")
      .filter({ hasText: "Consent rate by purpose as of" })
      .getByRole("button", { name: "Download data (CSV)" })
      .click();
    const rows: Record<string, string>[] = parse(
      await readFile((await (await download).path())!, "utf8"),
      { columns: true },
    );
    const shown = metrics.purposes.filter((p) => p.decided > 0);
    expect(rows.map((r) => r.key)).toEqual(shown.map((p) => p.key));
    for (const [i, row] of rows.entries()) {
      expect(Number(row.decided)).toBe(shown[i]!.decided);
      expect(Number(row.granted)).toBe(shown[i]!.granted);
      expect(Number(row.rate)).toBeCloseTo(shown[i]!.rate!, 10);
    }
  });

  test("cannot open a customer's consent history, nor through the API", async ({ page }) => {
    await page.goto("/consent");
    await expect(page.getByRole("heading", { name: "Proof of consent" })).toHaveCount(0);
    expect((await page.goto("/consent/subjects/cust-0000007"))?.status()).toBe(403);
    expect((await page.request.get("/api/v1/subjects/cust-0000007/consents")).status()).toBe(403);
  });
});

describeAs("privacy", "a privacy officer", () => {
  test("looks up a customer's consent history and downloads the receipt", async ({ page }) => {
    await page.goto("/consent");
    await page.getByLabel("Subject ID").fill("cust-0000007");
    await page.getByRole("button", { name: "Show history" }).click();
    await page.waitForURL("/consent/subjects/cust-0000007");
    const history = page.getByTestId("subject-history").locator("tbody tr");
    expect(await history.count()).toBeGreaterThan(0);
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

    await page.goto("/consent/subjects/nobody-here");
    await expect(page.getByTestId("subject-not-found")).toBeVisible();
    // Ids with characters that need escaping reach the lookup intact (no double decoding).
    const escaped = await page.request.get("/api/v1/subjects/a%25zz/consents");
    expect(escaped.status()).toBe(404);
    await page.goto("/consent/subjects/a%25zz");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Consent history of a%zz");
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
      "events.1.purpose",
      "events.2.occurredAt",
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
