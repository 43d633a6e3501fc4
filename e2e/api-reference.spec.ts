import { expect, test } from "@playwright/test";
import { api } from "./api/client";
import { describeAs } from "./helpers";

describeAs("marketing", "a marketing user", () => {
  test("reads the API reference: by domain, types in words, who may call what", async ({
    page,
  }) => {
    await page.goto("/api-reference");
    await expect(page.getByRole("heading", { level: 1, name: "API reference" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: "Consent" })).toBeVisible();
    const ingest = page.locator("#post-api-v1-consent-events");
    await expect(
      ingest.getByRole("heading", { level: 3, name: "POST /api/v1/consent-events" }),
    ).toBeVisible();
    await expect(ingest.getByText("API key with the scope ingest")).toBeVisible();
    await expect(ingest.getByText("Signed in as")).toHaveCount(0);
    const occurredAt = ingest.getByRole("row", { name: /events\[\]\.occurredAt/ });
    await expect(occurredAt).toContainText("date and time, ISO 8601");
    await expect(occurredAt).toContainText("yes");
    const ndjson = ingest.locator("details", { hasText: "Example (application/x-ndjson)" });
    await ndjson.getByText("Example (application/x-ndjson)").click();
    const lines = (await ndjson.locator("pre").innerText()).trim().split("\n");
    expect(lines.length).toBe(2);
    for (const line of lines) expect(JSON.parse(line)).toHaveProperty("eventId");

    const source = page.locator("#post-api-v1-sources");
    await expect(source.getByRole("row", { name: /^activeFrom/ })).toContainText(
      "date, YYYY-MM-DD",
    );
    await expect(source.getByText("Signed in as Admin or a higher role")).toBeVisible();
    // No regex, no JSON Schema keyword and no literal backtick reaches the reader.
    const text = await page.locator("main").innerText();
    expect(text).not.toMatch(/\\d|\(\?:|"pattern"|anyOf|`/);

    const doc = await (await page.request.get("/api/v1/openapi.json")).json();
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.servers).toEqual([
      { url: expect.stringMatching(/^http/), description: "This instance" },
    ]);
    const refused = await page.request.get("/api/v1/openapi.json?v=2");
    expect(refused.status()).toBe(400);
    expect((await refused.json()).issues).toEqual([
      { path: ["v"], message: "The document takes no query parameters" },
    ]);

    const overview = (await api(page.request).GET("/api/v1/metrics/overview")).data!;
    expect(overview.consent.decided).toBeGreaterThan(0);
    expect(overview.laws.inForce).toBeGreaterThan(20);
    expect(overview.profiles.profiles).toBeGreaterThan(1000);
    await page.goto("/");
    await expect(page.getByTestId("figure-share360")).toHaveText(
      `${(Math.round(overview.profiles.share360! * 1000) / 10).toFixed(1)}%`,
    );
  });

  test("reads it in German", async ({ page, baseURL }) => {
    await page.context().addCookies([{ name: "NEXT_LOCALE", value: "de", url: baseURL! }]);
    await page.goto("/api-reference");
    await expect(page.getByRole("heading", { level: 1, name: "API-Referenz" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: "Einwilligungen" })).toBeVisible();
    const source = page.locator("#post-api-v1-sources");
    await expect(source.getByText("Eine Datenquelle hinzufügen.")).toBeVisible();
    await expect(source.getByRole("row", { name: /^activeFrom/ })).toContainText(
      "Datum, JJJJ-MM-TT",
    );
    await expect(
      source.getByText("Angemeldet als Administration oder mit einer höheren Rolle"),
    ).toBeVisible();
  });
});
