import { Analytics } from "@segment/analytics-node";
import { readFile } from "node:fs/promises";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { api } from "./api/client";
import { describeAs, storageStateOf } from "./helpers";

/** Six decisions from Iceland, a region no demo data uses, so the dashboard shows just them. */
function consentCsv(stamp: string) {
  return [
    "Kunde;Zweck;Aktion;Zeitpunkt;Kanal;Land;Notiz",
    `${stamp}-1;newsletter;grant;2026-11-20T10:00:00Z;web;IS;a`,
    `${stamp}-2;newsletter;grant;2026-11-20T10:00:00Z;web;IS;b`,
    `${stamp}-3;newsletter;deny;2026-11-20T10:00:00Z;web;IS;c`,
    `${stamp}-4;no-such-purpose;grant;2026-11-20T10:00:00Z;web;IS;d`,
    `${stamp}-5;newsletter;grant;20.11.2026;web;IS;e`,
    `${stamp}-6;product-analytics;grant;2026-11-21T10:00:00Z;app;IS;f`,
  ].join("\r\n");
}

describeAs("admin", "imports", () => {
  test("an admin uploads a CSV, fixes the mapping, watches it import, downloads the rejected rows, and the dashboard shows the new figures", async ({
    page,
    baseURL,
  }) => {
    /** The page as it stands, read in German, then in English again. */
    const inGerman = async (check: () => Promise<void>) => {
      await page.context().addCookies([{ name: "NEXT_LOCALE", value: "de", url: baseURL! }]);
      await page.reload();
      await check();
      await page.context().clearCookies({ name: "NEXT_LOCALE" });
      await page.reload();
    };
    const stamp = `imp-${Date.now()}`;
    await page.goto("/admin/imports");
    await page.getByLabel("What the file holds").selectOption("consent");
    await page.getByLabel("File", { exact: true }).setInputFiles({
      name: "iceland.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(consentCsv(stamp), "latin1"),
    });
    await page.getByRole("button", { name: "Upload" }).click();
    await page.waitForURL(/\/admin\/imports\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("heading", { level: 1, name: "iceland.csv" })).toBeVisible();
    await expect(page.getByText("semicolon")).toBeVisible();

    // German column names match no field: the preview says what is missing, and start waits.
    await expect(page.getByTestId("mapping-problems")).toContainText(
      'A column for "subjectId" is required',
    );
    await expect(page.getByRole("button", { name: "Start the import" })).toBeDisabled();
    // Each column's first values are shown before its field is chosen, to help choose it.
    await expect(page.getByTestId("mapping")).toContainText(`${stamp}-1`);
    await expect(page.getByTestId("mapping")).toContainText("2026-11-20T10:00:00Z");
    for (const [column, field] of [
      ["Kunde", "subjectId"],
      ["Zweck", "purpose"],
      ["Aktion", "action"],
      ["Zeitpunkt", "occurredAt"],
      ["Kanal", "channel"],
      ["Land", "region"],
    ] as const)
      await page.getByLabel(column, { exact: true }).selectOption(field);
    await page.getByRole("button", { name: "Check the first rows" }).click();
    const preview = page.getByTestId("preview");
    await expect(preview.getByRole("row")).toHaveCount(7);
    await expect(preview).toContainText('purpose: Unknown purpose "no-such-purpose"');
    await expect(preview).toContainText("occurredAt: occurredAt is an ISO 8601 timestamp");

    // A field chosen for a second column after the check: start refuses it and says why
    // (the last column chosen would fill it).
    const start = page.getByRole("button", { name: "Start the import" });
    await page.getByLabel("Notiz", { exact: true }).selectOption("subjectId");
    await start.click();
    await expect(page.getByTestId("mapping-problems")).toContainText(
      '"subjectId" is chosen for two columns: "Kunde" and "Notiz"',
    );
    await expect(start).toBeDisabled();
    await inGerman(() =>
      expect(page.getByTestId("mapping-problems")).toContainText(
        "„subjectId“ ist für zwei Spalten gewählt: „Kunde“ und „Notiz“",
      ),
    );
    await page.getByLabel("Notiz", { exact: true }).selectOption({ label: "Ignore" });
    await page.getByRole("button", { name: "Check the first rows" }).click();
    await expect(page.getByTestId("mapping-problems")).toHaveCount(0);
    await expect(preview).toContainText('purpose: Unknown purpose "no-such-purpose"');
    // A German reader reads why each row would be refused in German.
    await inGerman(async () => {
      await expect(preview).toContainText("purpose: Unbekannter Zweck „no-such-purpose“");
      await expect(preview).toContainText(
        "occurredAt: occurredAt ist ein Zeitstempel nach ISO 8601",
      );
    });

    await start.click();
    await expect(page.getByTestId("import-status")).toHaveText("Done", { timeout: 30_000 });
    await expect(page.getByTestId("rows-done")).toHaveText("6");
    await expect(page.getByTestId("accepted")).toHaveText("4");
    await expect(page.getByTestId("rejected")).toHaveText("2");

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: /Download the 2 rejected rows/ }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("iceland-rejected-rows.csv");
    const rejected = await readFile((await download.path())!, "utf8");
    // UTF-8 with its byte-order mark, as a spreadsheet needs to read it so.
    expect(rejected.split("\n")[0]).toBe("\uFEFFline,reason,row");
    expect(rejected).toContain(`5,"purpose: Unknown purpose ""no-such-purpose""",${stamp}-4;`);
    expect(rejected).toContain(`6,occurredAt: occurredAt is an ISO 8601 timestamp`);

    // The mapping is offered again for the next file of the kind; the same file again stores
    // nothing new (its rows' eventIds come from their content).
    await page.goto("/admin/imports");
    await expect(page.getByTestId("imports")).toContainText("iceland.csv");
    await page.getByLabel("What the file holds").selectOption("consent");
    await page.getByLabel("File", { exact: true }).setInputFiles({
      name: "iceland-again.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(consentCsv(stamp), "latin1"),
    });
    await page.getByRole("button", { name: "Upload" }).click();
    await page.waitForURL(/\/admin\/imports\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("heading", { level: 1, name: "iceland-again.csv" })).toBeVisible();
    await expect(page.getByLabel("Kunde", { exact: true })).toHaveValue("subjectId");
    await expect(page.getByLabel("Land", { exact: true })).toHaveValue("region");
    await expect(page.getByTestId("mapping-problems")).toHaveCount(0);
    await page.getByRole("button", { name: "Start the import" }).click();
    await expect(page.getByTestId("import-status")).toHaveText("Done", { timeout: 30_000 });
    await expect(page.getByTestId("accepted")).toHaveText("0");
    await expect(page.getByTestId("duplicates")).toHaveText("4");

    // The consent dashboard, for Iceland, shows exactly the imported decisions.
    await page.goto("/consent?region=IS&from=2026-11-01&to=2026-11-30");
    await expect(page.getByTestId("consent-events")).toHaveText("3 · 1 · 0");
  });
});

describeAs("admin", "a file's problems", () => {
  /** Uploads a consent file on the German page; its preview. */
  const previewInGerman = async (
    page: Page,
    baseURL: string | undefined,
    file: { name: string; mimeType: string; lines: string[] },
  ) => {
    await page.context().addCookies([{ name: "NEXT_LOCALE", value: "de", url: baseURL! }]);
    await page.goto("/admin/imports");
    await page.getByLabel("Inhalt der Datei").selectOption("consent");
    await page.getByLabel("Datei", { exact: true }).setInputFiles({
      name: file.name,
      mimeType: file.mimeType,
      buffer: Buffer.from(file.lines.join("\n")),
    });
    await page.getByRole("button", { name: "Hochladen" }).click();
    await page.waitForURL(/\/admin\/imports\/[0-9a-f-]{36}$/);
    return page.getByTestId("preview");
  };

  test("a TC string or Consent Mode value that cannot be read is said in the reader's language", async ({
    page,
    baseURL,
  }) => {
    const preview = await previewInGerman(page, baseURL, {
      name: "signals.csv",
      mimeType: "text/csv",
      lines: [
        "subjectId,occurredAt,channel,region,tcString,consentMode.ad_storage",
        "sig-1,2026-11-20T10:00:00Z,web,IS,not-a-tc-string,",
        "sig-2,2026-11-20T10:00:00Z,web,IS,,yes",
      ],
    });
    await expect(preview).toContainText(
      "tcString: tcString lässt sich nicht als IAB-TCF-String lesen",
    );
    await expect(preview).toContainText(
      "consentMode.ad_storage: ein Consent-Mode-Signal ist „granted“ oder „denied“",
    );
  });

  test("a JSON record's field of the wrong type, or unknown, is said in the reader's language", async ({
    page,
    baseURL,
  }) => {
    const event = {
      subjectId: "json-1",
      purpose: "newsletter",
      action: "grant",
      occurredAt: "2026-11-20T10:00:00Z",
      channel: "web",
      region: "IS",
    };
    const preview = await previewInGerman(page, baseURL, {
      name: "records.ndjson",
      mimeType: "application/x-ndjson",
      lines: [
        { ...event, gpc: "ja" },
        { ...event, subjectId: "json-2", zweck: "newsletter" },
      ].map((e) => JSON.stringify(e)),
    });
    await expect(preview).toContainText("gpc: Muss true oder false sein");
    await expect(preview).toContainText(
      'Unbekanntes Feld "zweck": Entfernen Sie es oder prüfen Sie die Schreibweise',
    );
    await expect(preview).not.toContainText("Invalid input");
  });
});

describeAs("admin", "a refused upload", () => {
  test("says why in the reader's language, and keeps nothing", async ({ page, baseURL }) => {
    const upload = async (label: string, button: string) => {
      await page.goto("/admin/imports");
      await page.getByLabel(label, { exact: true }).setInputFiles({
        name: "unicode.txt.csv",
        mimeType: "text/csv",
        // Excel's "Unicode Text": UTF-16 with its byte-order mark.
        buffer: Buffer.from("\ufeffKunde,Zweck\r\nk-1,newsletter\r\n", "utf16le"),
      });
      await page.getByRole("button", { name: button }).click();
      return page.locator("form .notice.error");
    };
    await expect(await upload("File", "Upload")).toContainText(
      'The file is UTF-16 (Excel\'s "Unicode Text"); save it as "CSV UTF-8" and upload that',
    );
    await page.context().addCookies([{ name: "NEXT_LOCALE", value: "de", url: baseURL! }]);
    await expect(await upload("Datei", "Hochladen")).toContainText(
      "Die Datei ist UTF-16 (Excels „Unicode-Text“); speichern Sie sie als „CSV UTF-8“",
    );
    await expect(page.getByText("unicode.txt.csv")).toHaveCount(0);
  });
});

describeAs("admin", "a large upload", () => {
  test("arrives whole past the 10 MB a proxied request body is cut at", async ({
    page,
    baseURL,
  }) => {
    const row = "cust-1,newsletter,grant,2026-11-20T10:00:00Z,web,DE\n";
    const body = "subjectId,purpose,action,occurredAt,channel,region\n" + row.repeat(250_000);
    expect(body.length).toBeGreaterThan(12 * 1024 * 1024);
    const response = await page.request.post(
      "/admin/imports/upload?kind=consent&format=csv&name=large.csv",
      { headers: { "content-type": "text/csv", origin: baseURL! }, data: body },
    );
    expect(response.status()).toBe(201);
    const view = (await response.json()) as { id: string; bytes: number };
    expect(view.bytes).toBe(body.length);
    await page.goto(`/admin/imports/${view.id}`);
    await page.getByRole("button", { name: "Discard the file" }).click();
    await expect(page.getByTestId("import-status")).toHaveText("Cancelled");
  });
});

describeAs("admin", "a script", () => {
  test("imports a file with an admin key: upload, start with a mapping, status, rejected rows", async ({
    playwright,
    request,
    baseURL,
  }) => {
    const made = await api(request).POST("/api/v1/api-keys", {
      body: { name: `import script ${Date.now()}`, scopes: ["admin"] },
    });
    // No session: the key alone, as a script on another machine holds it.
    const script = await playwright.request.newContext({
      baseURL,
      extraHTTPHeaders: { authorization: `Bearer ${made.data!.key}` },
    });
    const stamp = `script-${Date.now()}`;
    const upload = await script.post(
      `/admin/imports/upload?kind=consent&format=csv&name=${stamp}.csv`,
      { data: Buffer.from(consentCsv(stamp), "latin1"), headers: { "content-type": "text/csv" } },
    );
    expect(upload.status()).toBe(201);
    const draft = (await upload.json()) as { id: string; status: string; header: string[] };
    expect(draft).toMatchObject({ status: "draft", header: expect.arrayContaining(["Kunde"]) });
    const start = await script.post(`/admin/imports/${draft.id}/start`, {
      data: {
        mapping: {
          subjectId: "Kunde",
          purpose: "Zweck",
          action: "Aktion",
          occurredAt: "Zeitpunkt",
          channel: "Kanal",
          region: "Land",
        },
      },
    });
    expect(start.status()).toBe(202);
    let status = { status: "queued", accepted: 0, rejected: 0 };
    for (let i = 0; i < 60 && !["done", "failed"].includes(status.status); i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      status = await (await script.get(`/admin/imports/${draft.id}/status`)).json();
    }
    expect(status).toMatchObject({ status: "done", accepted: 4, rejected: 2 });
    const rejected = await script.get(`/admin/imports/${draft.id}/rejected`);
    expect(rejected.status()).toBe(200);
    expect(await rejected.text()).toContain(`${stamp}-4;no-such-purpose`);
    // A key without the admin scope is refused, and is not sent to the sign-in page.
    const reader = await api(request).POST("/api/v1/api-keys", {
      body: { name: `reader ${Date.now()}`, scopes: ["read"] },
    });
    const refused = await script.get(`/admin/imports/${draft.id}/status`, {
      headers: { authorization: `Bearer ${reader.data!.key}` },
      maxRedirects: 0,
    });
    expect(refused.status()).toBe(403);
    await script.dispose();
  });
});

describeAs("admin", "a Segment source", () => {
  async function ingestKey(request: APIRequestContext) {
    const created = await api(request).POST("/api/v1/api-keys", {
      body: { name: `segment ${Date.now()}`, scopes: ["ingest"] },
    });
    return created.data!.key;
  }
  /** Segment's own client pointed at the app, and the status of each batch it sends. */
  function segmentClient(writeKey: string, baseURL: string) {
    const analytics = new Analytics({
      writeKey,
      host: baseURL,
      path: "/api/v1/segment/batch",
      flushAt: 20,
      maxRetries: 0,
    });
    const statuses: number[] = [];
    analytics.on("http_response", (r) => statuses.push(r.status));
    return { analytics, statuses };
  }

  test("Segment's own Node library sends identify and track calls; the figures come back from the metrics API", async ({
    page,
    request,
    baseURL,
  }) => {
    const key = await ingestKey(request);
    const user = `seg-${Date.now()}`;
    const { analytics, statuses } = segmentClient(key, baseURL!);
    analytics.identify({
      userId: user,
      traits: { email: `${user}@example.com`, firstName: "Sigrún", country: "FO" },
    });
    analytics.track({
      userId: user,
      event: "Segment Consent Preference Updated",
      timestamp: new Date("2026-11-25T09:00:00Z"),
      context: {
        locale: "fo-FO",
        consent: { categoryPreferences: { Analytics: true, Advertising: false } },
      },
    });
    analytics.track({ userId: user, event: "Order Completed" });
    // A consent track without its categories is refused, with its reason kept.
    analytics.track({
      userId: user,
      event: "Segment Consent Preference Updated",
      context: { locale: "fo-FO" },
    });
    await analytics.closeAndFlush({ timeout: 10_000 });
    expect(statuses).toEqual([200]);

    // product-analytics lists Analytics (granted), retargeting-partners lists Advertising. The
    // Faroe Islands: a region nothing else in the tests uses.
    const metrics = await api(request).GET("/api/v1/metrics/consent", {
      params: { query: { region: "FO", from: "2026-11-25", to: "2026-11-25" } },
    });
    const byKey = Object.fromEntries(metrics.data!.purposes.map((p) => [p.key, p]));
    expect(byKey["product-analytics"]).toMatchObject({ granted: 1, decided: 1 });
    expect(byKey["retargeting-partners"]).toMatchObject({ granted: 0, decided: 1 });

    await page.goto("/admin/imports");
    const counts = page.getByTestId("segment-counts");
    await expect(counts).toContainText("Order Completed");
    await expect(counts).toContainText("Segment Consent Preference Updated");
    await expect(page.getByTestId("segment-categories")).toContainText("Analytics");
    await expect(page.getByTestId("segment-refused")).toContainText(
      'context.consent.categoryPreferences: A "Segment Consent Preference Updated" track carries',
    );
    // The reason in the reader's language.
    await page.context().addCookies([{ name: "NEXT_LOCALE", value: "de", url: baseURL! }]);
    await page.reload();
    await expect(page.getByTestId("segment-refused")).toContainText(
      "context.consent.categoryPreferences: Ein „Segment Consent Preference Updated“-Track enthält",
    );
  });

  test("consent a visitor gives before signing up counts for the customer; a privacy officer sees the two joined", async ({
    page,
    request,
    baseURL,
    browser,
  }) => {
    const key = await ingestKey(request);
    const stamp = Date.now();
    const [customer, visitor] = [`cust-${stamp}`, `visitor-${stamp}`];
    const { analytics, statuses } = segmentClient(key, baseURL!);
    // The cookie banner, answered before signing up; then the sign-up's identify, which names
    // the visitor's id beside the new customer's.
    analytics.track({
      anonymousId: visitor,
      event: "Segment Consent Preference Updated",
      context: {
        location: { country: "FO" },
        consent: { categoryPreferences: { Analytics: true, Advertising: false } },
      },
    });
    analytics.identify({
      userId: customer,
      anonymousId: visitor,
      traits: { email: `${customer}@example.com`, country: "FO" },
    });
    await analytics.closeAndFlush({ timeout: 10_000 });
    expect(statuses).toEqual([200]);

    await page.goto("/admin/imports");
    await expect(page.getByTestId("segment-before-sign-in")).toHaveText(
      "Counts for the customer who signs in: a visitor's profile is given their user ID and joins theirs.",
    );

    const context = await browser.newContext({ storageState: storageStateOf("privacy") });
    const privacy = await context.newPage();
    await privacy.goto(`/consent/subjects/${customer}/identity`);
    await expect(privacy.getByTestId("identity-summary")).toHaveText(
      `Person ${customer}: 2 profiles, joined by 1 shared identifier, none flagged.`,
    );
    const links = privacy.getByTestId("identity-links").locator("tbody tr");
    await expect(links).toHaveCount(1);
    await expect(links.locator("td")).toHaveText([customer, visitor, "User ID", customer]);
    // From the person to the visitor's consent, given before the customer was known.
    await links.getByRole("link", { name: visitor }).click();
    await privacy.waitForURL(`/consent/subjects/${visitor}`);
    await expect(privacy.getByTestId("subject-history").locator("tbody tr").first()).toContainText(
      "FO",
    );
    await context.close();
  });
});
