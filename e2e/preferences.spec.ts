import AxeBuilder from "@axe-core/playwright";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { baseURL } from "../playwright.config";
import { api } from "./api/client";
import { FIGURES_FRESH_WITHIN_MS, figuresReadNow, storageStateOf } from "./helpers";

/** An ingest key, as a mailing system holds one. */
async function mailerKey(request: APIRequestContext) {
  const key = await api(request).POST("/api/v1/api-keys", {
    body: { name: `mailer ${Date.now()}`, scopes: ["ingest"] },
  });
  return key.data!.key;
}

/** A link for a customer, issued the way a mailing system would (an ingest key); its id and path. */
async function issueLink(request: APIRequestContext, subjectId: string, locale?: "en" | "de") {
  const issued = await api(request, await mailerKey(request)).POST("/api/v1/preference-links", {
    body: { subjectId, ...(locale ? { locale } : {}) },
  });
  expect(issued.response.status).toBe(201);
  expect(issued.data!.url).not.toContain(subjectId);
  return { id: issued.data!.id, path: new URL(issued.data!.url).pathname };
}

/** The path of a new link for a customer. */
async function linkFor(request: APIRequestContext, subjectId: string, locale?: "en" | "de") {
  return (await issueLink(request, subjectId, locale)).path;
}

type PurposeFigures = { key: string; granted: number; decided: number };

const byPurpose = (purposes: PurposeFigures[]) =>
  new Map(purposes.map((p) => [p.key, { granted: p.granted, decided: p.decided }]));

/** The consent figures per purpose, as the dashboard reads them, and when they were read. */
async function figures(request: APIRequestContext) {
  const { data, response } = await api(request).GET("/api/v1/metrics/consent");
  return Object.assign(byPurpose(data!.purposes), {
    readAt: Date.parse(response.headers.get("last-modified")!),
  });
}

/** The same before a change: read now, not a shared copy read before an earlier test's change. */
async function figuresNow(request: APIRequestContext) {
  const body = await figuresReadNow<{ purposes: PurposeFigures[] }>(
    request,
    "/api/v1/metrics/consent",
  );
  return byPurpose(body.purposes);
}

const purposeBoxes = (page: Page) => page.locator("[data-purpose]");

test.describe("a customer", () => {
  test.use({ storageState: storageStateOf("admin"), javaScriptEnabled: false });

  test("opens their link, changes two choices without JavaScript, and the dashboard moves", async ({
    page,
    browser,
  }) => {
    const subject = `e2e-pc-${Date.now()}`;
    const path = await linkFor(page.request, subject);
    const before = await figuresNow(page.request);
    const funnelBefore = (await api(page.request).GET("/api/v1/metrics/preference-center")).data!;
    // Their mail system's scanner follows the link first: a plain HTTP request, not a browser.
    expect((await page.request.get(path)).status()).toBe(200);

    // The customer is not signed in: a fresh context without the admin's cookies.
    const customer = await browser.newContext({ javaScriptEnabled: false });
    const view = await customer.newPage();
    const response = await view.goto(path);
    expect(response?.status()).toBe(200);
    expect(response?.headers()["x-robots-tag"]).toBe("noindex, nofollow");
    await expect(
      view.getByRole("heading", { level: 1, name: "Your privacy choices" }),
    ).toBeVisible();
    const boxes = purposeBoxes(view);
    expect(await boxes.count()).toBeGreaterThanOrEqual(2);
    await expect(boxes.first()).toContainText("You have not decided yet.");
    await expect(boxes.first()).toContainText("Kept for");
    expect(await view.locator("script").count()).toBe(0);

    const keys = await boxes.evaluateAll((els) =>
      els.map((el) => el.getAttribute("data-purpose")!),
    );
    const [first, second] = keys as [string, string];
    await view.getByRole("checkbox").nth(0).check();
    await view.getByRole("checkbox").nth(1).check();
    const saved = Date.now();
    await view.getByRole("button", { name: "Save my choices" }).click();
    await expect(view.getByRole("status")).toHaveText("Saved. 2 choices were recorded.");
    await expect(view.locator(`[data-purpose="${first}"]`)).toContainText(
      "Your current choice: allowed",
    );

    // The figures move within the freshness the dashboard states; until they do, they say they
    // were read before the choices were saved (Last-Modified counts whole seconds).
    await expect
      .poll(
        async () => {
          const after = await figures(page.request);
          const moved = [first, second].map((key) => [
            after.get(key)!.decided - before.get(key)!.decided,
            after.get(key)!.granted - before.get(key)!.granted,
          ]);
          if (moved.flat().some((n) => n === 0)) expect(after.readAt).toBeLessThan(saved + 1_000);
          return moved;
        },
        { timeout: FIGURES_FRESH_WITHIN_MS },
      )
      .toEqual([
        [1, 1],
        [1, 1],
      ]);

    // Changing one back records one withdrawal.
    await view.getByRole("checkbox").nth(0).uncheck();
    await view.getByRole("button", { name: "Save my choices" }).click();
    await expect(view.getByRole("status")).toHaveText("Saved. One choice was recorded.");
    const { data } = await api(page.request).GET("/api/v1/subjects/{subjectId}/consents", {
      params: { path: { subjectId: subject } },
    });
    // The two grants share a moment; the withdrawal came after them.
    const history = data!.history.map((h) => [h.purpose, h.action, h.channel].join(" "));
    expect(history.slice(0, 2).sort()).toEqual(
      [`${first} grant web`, `${second} grant web`].sort(),
    );
    expect(history.slice(2)).toEqual([`${first} withdraw web`]);

    // A post from another site, one that is not the page's form, or one larger than any form of
    // the page is refused and stores nothing.
    const elsewhere = await customer.request.post(path, {
      form: { grant: first, [`shown:${first}`]: "1" },
      headers: { origin: "https://attacker.example" },
    });
    expect(elsewhere.status()).toBe(403);
    // Said to the customer as a page in their language, not a bare word.
    expect(elsewhere.headers()["content-type"]).toContain("text/html");
    expect(await elsewhere.text()).toContain("Your choices were not saved");
    const notForm = await customer.request.post(path, {
      data: { grant: first },
      headers: { origin: new URL(view.url()).origin },
    });
    expect(notForm.status()).toBe(400);
    const multipart = await customer.request.post(path, {
      multipart: { grant: first, [`shown:${first}`]: "1" },
      headers: { origin: new URL(view.url()).origin },
    });
    expect(multipart.status()).toBe(400);
    // No form of the page comes near 64 kB; a larger body is refused, not read into memory.
    const padding = Object.fromEntries(
      Array.from({ length: 3_000 }, (_, i) => [`shown:padding-${i}`, "1".repeat(20)]),
    );
    const oversized = await customer.request.post(path, {
      form: { grant: first, [`shown:${first}`]: "1", ...padding },
      headers: { origin: new URL(view.url()).origin },
    });
    expect(oversized.status()).toBe(413);
    expect(await oversized.text()).toContain("Open your link again and save your choices there.");
    const again = await api(page.request).GET("/api/v1/subjects/{subjectId}/consents", {
      params: { path: { subjectId: subject } },
    });
    expect(again.data!.history).toHaveLength(3);
    // The funnel saw the view and both saves (other tests may add theirs meanwhile), and the
    // scanner's fetch apart from the views.
    const funnel = (await api(page.request).GET("/api/v1/metrics/preference-center")).data!;
    expect(funnel.views - funnelBefore.views).toBeGreaterThanOrEqual(1);
    expect(funnel.saves - funnelBefore.saves).toBeGreaterThanOrEqual(2);
    expect(funnel.fetches - funnelBefore.fetches).toBeGreaterThanOrEqual(1);
    await page.goto("/consent");
    const section = page.getByTestId("preference-funnel");
    await expect(section.getByRole("heading", { name: "Preference center" })).toBeVisible();
    expect(
      Number((await section.getByTestId("funnel-saves").innerText()).replace(/\D/g, "")),
    ).toBeGreaterThanOrEqual(2);
    await expect(section.getByTestId("funnel-fetches")).toContainText("Not counted as page views:");
    await customer.close();
  });

  test("keeps a grant made from an e-mail while the page was open, saving only what it changed", async ({
    page,
    browser,
  }) => {
    const subject = `e2e-pc-elsewhere-${Date.now()}`;
    const path = await linkFor(page.request, subject);
    const customer = await browser.newContext({ javaScriptEnabled: false });
    const view = await customer.newPage();
    await view.goto(path);
    const [first, second] = (await purposeBoxes(view).evaluateAll((els) =>
      els.map((el) => el.getAttribute("data-purpose")!),
    )) as [string, string];

    // While the page is open, the customer allows the first purpose from a newsletter's link.
    const sent = await api(page.request, await mailerKey(page.request)).POST(
      "/api/v1/consent-events",
      {
        body: {
          events: [
            {
              eventId: `${subject}-email`,
              subjectId: subject,
              purpose: first,
              action: "grant",
              occurredAt: new Date().toISOString(),
              channel: "email",
              region: "DE",
            },
          ],
        },
      },
    );
    expect(sent.data).toEqual({ accepted: 1, duplicates: 0 });

    // The page still shows it unticked; the customer allows the second one there and saves.
    await expect(view.getByRole("checkbox").nth(0)).not.toBeChecked();
    await view.getByRole("checkbox").nth(1).check();
    await view.getByRole("button", { name: "Save my choices" }).click();
    await expect(view.getByRole("status")).toHaveText("Saved. One choice was recorded.");
    await expect(view.locator(`[data-purpose="${first}"]`)).toContainText(
      "Your current choice: allowed",
    );
    await expect(view.getByRole("checkbox").nth(0)).toBeChecked();
    const { data } = await api(page.request).GET("/api/v1/subjects/{subjectId}/consents", {
      params: { path: { subjectId: subject } },
    });
    expect(data!.history.map((h) => [h.purpose, h.action, h.channel].join(" "))).toEqual([
      `${first} grant email`,
      `${second} grant web`,
    ]);
    await customer.close();
  });

  test("reads the page in German, and it passes axe", async ({ page, browser }) => {
    const path = await linkFor(page.request, `e2e-pc-de-${Date.now()}`, "de");
    // axe runs as a script in the page (the page itself needs none).
    const customer = await browser.newContext({ javaScriptEnabled: true });
    const view = await customer.newPage();
    await view.goto(path);
    await expect(view.locator("html")).toHaveAttribute("lang", "de");
    await expect(
      view.getByRole("heading", { level: 1, name: "Ihre Datenschutz-Einstellungen" }),
    ).toBeVisible();
    await expect(view.getByRole("button", { name: "Meine Auswahl speichern" })).toBeVisible();
    // This instance runs on demo data, and its customer page says so too.
    await expect(view.getByTestId("demo-notice")).toHaveText(/^Demo:/);
    // The catalog's German texts, and English (marked as such) where a purpose has none yet.
    await expect(view.locator('[data-purpose="newsletter"] h3')).toHaveText("Unser Newsletter");
    await expect(
      view.locator('[data-purpose="sales-follow-up-calls"] p[lang="en"]').first(),
    ).toHaveText(/After you ask for a quote/);
    const results = await new AxeBuilder({ page: view }).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    await customer.close();
  });

  test("with Global Privacy Control, finds sale purposes switched off and told why", async ({
    page,
    browser,
  }) => {
    const path = await linkFor(page.request, `e2e-pc-gpc-${Date.now()}`);
    const customer = await browser.newContext({ extraHTTPHeaders: { "sec-gpc": "1" } });
    const view = await customer.newPage();
    await view.goto(path);
    await expect(view.getByText("Your browser sends Global Privacy Control.")).toBeVisible();
    const sale = purposeBoxes(view).filter({ hasText: "selling or sharing your data" });
    expect(await sale.count()).toBeGreaterThan(0);
    for (const box of await sale.all()) await expect(box.getByRole("checkbox")).not.toBeChecked();
    await customer.close();
  });

  test("is asked again after a change that needs fresh consent, and the dashboard counts them", async ({
    page,
    browser,
  }) => {
    const admin = api(page.request);
    const key = `e2e-club-${Date.now()}`;
    const created = await admin.POST("/api/v1/purposes", {
      body: {
        key,
        name: `Club ${key}`,
        functionalArea: "marketing",
        legalBasis: "consent",
        customerTitle: `The club ${key}`,
        customerDescription: "Members hear about events first.",
        dataCategories: ["contact"],
        retentionDays: 365,
        status: "active",
      },
    });
    expect(created.response.status).toBe(201);
    const path = await linkFor(page.request, `e2e-pc-rc-${Date.now()}`);
    const customer = await browser.newContext({ javaScriptEnabled: false });
    const view = await customer.newPage();
    await view.goto(path);
    const club = view.locator(`[data-purpose="${key}"]`);
    await club.getByRole("checkbox").check();
    await view.getByRole("button", { name: "Save my choices" }).click();
    await expect(club).toContainText("Your current choice: allowed");

    const edited = await admin.PATCH("/api/v1/purposes/{key}", {
      params: { path: { key } },
      body: {
        version: 1,
        dataCategories: ["contact", "purchase_history"],
        requiresReconsent: true,
      },
    });
    expect(edited.data).toMatchObject({ version: 2, reconsentFromVersion: 2 });
    // The purpose's history says which edit asked customers again.
    await page.goto(`/admin/purposes/${key}`);
    await expect(page.getByTestId("purpose-history")).toContainText(
      "Data it needs (data minimization) · This change needs fresh consent",
    );

    await page.goto("/consent");
    await expect(page.getByTestId(`outdated-${key}`).getByTestId("outdated-customers")).toHaveText(
      "1",
    );
    await view.goto(path);
    await expect(club).toContainText("We changed this purpose and need your consent again");
    await expect(club).toContainText("Changed since your last choice: the data it uses.");
    await expect(club.getByRole("checkbox")).not.toBeChecked();
    await club.getByRole("checkbox").check();
    await view.getByRole("button", { name: "Save my choices" }).click();
    await expect(view.getByRole("status")).toContainText("One choice was recorded.");
    // Their fresh consent reaches the dashboard within the freshness it states.
    await expect(async () => {
      await page.goto("/consent");
      await expect(
        page.getByTestId(`outdated-${key}`).getByTestId("outdated-customers"),
      ).toHaveText("0", { timeout: 1_000 });
    }).toPass({ timeout: FIGURES_FRESH_WITHIN_MS });
    // Retire it again so other tests' pages are as before.
    await admin.PATCH("/api/v1/purposes/{key}", {
      params: { path: { key } },
      body: { version: 2, status: "retired" },
    });
    await customer.close();
  });

  test("is throttled after 60 uses of one link within a minute", async ({ page, browser }) => {
    const path = await linkFor(page.request, `e2e-pc-throttle-${Date.now()}`);
    const customer = await browser.newContext();
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) statuses.push((await customer.request.get(path)).status());
    expect(statuses.slice(0, 60).every((s) => s === 200)).toBe(true);
    expect(statuses[60]).toBe(429);
    await customer.close();
  });

  test("gets a 404 for a forged link, and search engines are kept out", async ({ browser }) => {
    const customer = await browser.newContext();
    const view = await customer.newPage();
    const forged = await view.goto(`/preferences/${"A".repeat(43)}`);
    expect(forged?.status()).toBe(404);
    // Its address is the link's secret: no referrer leaves the page for another origin.
    expect(forged?.headers()["referrer-policy"]).toBe("same-origin");
    await expect(view.getByRole("heading", { name: "This link does not work" })).toBeVisible();
    expect((await view.goto("/preferences/not-a-token"))?.status()).toBe(404);
    const robots = await customer.request.get("/robots.txt");
    expect(robots.status()).toBe(200);
    expect(await robots.text()).toContain("Disallow: /");
    await customer.close();
  });
});

test.describe("a privacy officer", () => {
  test.use({ storageState: storageStateOf("privacy") });

  test("revokes a customer's forwarded links on the customer's page, and they open nothing after", async ({
    page,
    browser,
  }) => {
    const subject = `e2e-pc-revoke-${Date.now()}`;
    const admin = await browser.newContext({ storageState: storageStateOf("admin") });
    const links = [await linkFor(admin.request, subject), await linkFor(admin.request, subject)];
    const customer = await browser.newContext({ javaScriptEnabled: false });
    const view = await customer.newPage();
    expect((await view.goto(links[0]!))?.status()).toBe(200);

    const marketing = await browser.newContext({ storageState: storageStateOf("marketing") });
    const refused = await api(marketing.request).DELETE(
      "/api/v1/subjects/{subjectId}/preference-links",
      { params: { path: { subjectId: subject } } },
    );
    expect(refused.response.status).toBe(403);
    await marketing.close();

    // A cookie-authenticated revocation from another site is refused, and revokes nothing.
    const crossSite = await api(page.request).DELETE(
      "/api/v1/subjects/{subjectId}/preference-links",
      { params: { path: { subjectId: subject } }, headers: { origin: "https://evil.example" } },
    );
    expect(crossSite.response.status).toBe(403);

    await page.goto(`/consent/subjects/${subject}`);
    const status = page.getByTestId("preference-links");
    await expect(status).toContainText("2 links to this customer's preference page work");
    await page.getByRole("button", { name: "Revoke all links" }).click();
    await expect(status).toHaveText("No link to this customer's preference page works now.");
    await expect(page.getByRole("button", { name: "Revoke all links" })).toHaveCount(0);
    // The page the customer opened before cannot save any more.
    await view.getByRole("button", { name: "Save my choices" }).click();
    await expect(view.getByRole("heading", { name: "This link does not work" })).toBeVisible();
    for (const path of links) {
      expect((await view.goto(path))?.status()).toBe(404);
      await expect(view.getByRole("heading", { name: "This link does not work" })).toBeVisible();
    }
    // A link issued after works; the API revokes it for a key that issues links.
    const fresh = await linkFor(admin.request, subject);
    expect((await view.goto(fresh))?.status()).toBe(200);
    const key = await api(admin.request).POST("/api/v1/api-keys", {
      body: { name: `mailer ${Date.now()}`, scopes: ["ingest"] },
    });
    const revoked = await api(admin.request, key.data!.key).DELETE(
      "/api/v1/subjects/{subjectId}/preference-links",
      { params: { path: { subjectId: subject } } },
    );
    expect(revoked.data).toEqual({ revoked: 1 });
    expect((await view.goto(fresh))?.status()).toBe(404);
    // The officer's own session may call the API too; nothing is left to revoke.
    const again = await api(page.request).DELETE("/api/v1/subjects/{subjectId}/preference-links", {
      params: { path: { subjectId: subject } },
    });
    expect(again.data).toEqual({ revoked: 0 });

    await page.goto("/audit");
    await expect(
      page
        .getByRole("row")
        .filter({ hasText: "preference_link.revoke" })
        .filter({ hasText: "privacy@firstparty.demo" }),
    ).not.toHaveCount(0);
    await Promise.all([admin.close(), customer.close()]);
  });

  test("revokes only the link a forwarded e-mail carried, on the customer's page and by the API", async ({
    page,
    browser,
  }) => {
    const subject = `e2e-pc-one-${Date.now()}`;
    const admin = await browser.newContext({ storageState: storageStateOf("admin") });
    const forwarded = await issueLink(admin.request, subject);
    const kept = await issueLink(admin.request, subject, "de");
    const customer = await browser.newContext({ javaScriptEnabled: false });
    const view = await customer.newPage();
    // The forwarded e-mail's link was opened; the newer one not yet.
    expect((await view.goto(forwarded.path))?.status()).toBe(200);

    await page.goto(`/consent/subjects/${subject}`);
    const list = page.getByTestId("preference-link-list");
    const rows = list.getByRole("row").filter({ has: page.getByRole("button") });
    await expect(rows).toHaveCount(2);
    const german = rows.filter({ has: page.getByRole("cell", { name: "DE", exact: true }) });
    await expect(german).toContainText("Never");
    const opened = rows.filter({ hasNotText: "Never" });
    await expect(opened).toContainText("The browser's");
    await opened.getByRole("button", { name: /^Revoke the link issued / }).click();
    await expect(page.getByTestId("preference-links")).toContainText(
      "1 link to this customer's preference page works",
    );
    await expect(rows).toHaveCount(1);
    expect((await view.goto(forwarded.path))?.status()).toBe(404);
    expect((await view.goto(kept.path))?.status()).toBe(200);

    // By the API, with the id the link's creation answered: only that one, and only once.
    const client = api(admin.request, await mailerKey(admin.request));
    const path = { subjectId: subject, linkId: kept.id };
    const elsewhere = await client.DELETE(
      "/api/v1/subjects/{subjectId}/preference-links/{linkId}",
      { params: { path: { ...path, subjectId: `${subject}-other` } } },
    );
    expect(elsewhere.response.status).toBe(404);
    const revoked = await client.DELETE("/api/v1/subjects/{subjectId}/preference-links/{linkId}", {
      params: { path },
    });
    expect(revoked.data).toEqual({ revoked: 1 });
    expect((await view.goto(kept.path))?.status()).toBe(404);
    const again = await client.DELETE("/api/v1/subjects/{subjectId}/preference-links/{linkId}", {
      params: { path },
    });
    expect(again.response.status).toBe(404);
    await Promise.all([admin.close(), customer.close()]);
  });
});

test.describe("an admin", () => {
  test.use({ storageState: storageStateOf("admin") });

  test("working in German, previews the page in German first", async ({ page }) => {
    await page.context().addCookies([{ name: "NEXT_LOCALE", value: "de", url: baseURL }]);
    await page.goto("/admin/preference-center");
    await expect(page.locator("#preview-locale")).toHaveValue("de");
    await expect(
      page.frameLocator("iframe.preference-preview").getByRole("heading", {
        name: "Ihre Datenschutz-Einstellungen",
      }),
    ).toBeVisible();
  });

  test("sets the page's name, colour and embedding sites, and previews it", async ({ page }) => {
    await page.goto("/admin/preference-center");
    await expect(page.getByRole("heading", { level: 1, name: "Preference center" })).toBeVisible();
    const origins = page.getByLabel("Sites that may embed the page");
    await page.getByLabel("Company name").fill("Acme e2e");
    await origins.fill("https://www.example.org\nhttp://shop.example.com");
    await page.getByRole("button", { name: "Save settings" }).click();
    // The error names the origin of the several typed that is wrong.
    await expect(
      page.getByText(
        /^http:\/\/shop\.example\.com: Enter an origin such as https:\/\/www\.example\.com/,
      ),
    ).toBeVisible();
    // Refused, the form still holds what was typed, to be corrected rather than typed again.
    await expect(origins).toHaveValue("https://www.example.org\nhttp://shop.example.com");
    await expect(page.getByLabel("Company name")).toHaveValue("Acme e2e");

    await page.getByLabel("Accent colour").fill("#0b5d1e");
    await origins.fill("https://shop.example.com");
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect(page.getByText("Saved. Customers see the change")).toBeVisible();

    const path = await linkFor(page.request, `e2e-pc-brand-${Date.now()}`);
    const customerPage = await page.request.get(path);
    expect(customerPage.headers()["content-security-policy"]).toContain(
      "frame-ancestors https://shop.example.com",
    );
    const html = await customerPage.text();
    expect(html).toContain("Acme e2e");
    expect(html).toContain("--accent:#0b5d1e");

    const preview = page.frameLocator("iframe.preference-preview");
    await expect(preview.getByRole("heading", { name: "Your privacy choices" })).toBeVisible();
    await page.locator("#preview-locale").selectOption("de");
    await page.getByRole("button", { name: "Show" }).click();
    await expect(
      page.frameLocator("iframe.preference-preview").getByRole("heading", {
        name: "Ihre Datenschutz-Einstellungen",
      }),
    ).toBeVisible();

    // Back to no name, the standard colour and no embedding, as the other tests expect.
    await page.getByLabel("Company name").fill("");
    await page.getByLabel("Accent colour").fill("#1d4ed8");
    await page.getByLabel("Sites that may embed the page").fill("");
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect(page.getByText("Saved. Customers see the change")).toBeVisible();
  });

  test("is told when the purpose whose German texts they write was deleted meanwhile", async ({
    page,
  }) => {
    const key = `gone-german-${Date.now()}`;
    const created = await page.request.post("/api/v1/purposes", {
      data: {
        key,
        name: "Soon gone",
        functionalArea: "marketing",
        legalBasis: "consent",
        retentionDays: 30,
        status: "active",
        customerTitle: "Soon gone",
        customerDescription: "Gone before long.",
        dataCategories: ["contact"],
      },
    });
    expect(created.status()).toBe(201);
    await page.goto("/admin/preference-center");
    const form = page.getByRole("form", { name: "Soon gone" });
    await form.getByLabel("Title (German)").fill("Bald fort");
    expect((await page.request.delete(`/api/v1/purposes/${key}`)).status()).toBe(204);
    await form.getByRole("button", { name: "Save German texts" }).click();
    // Said as what happened, not as fields to correct: no field is marked.
    await expect(form.getByText("This is no longer there: reload the page.")).toBeVisible();
    await expect(form.getByText("Please correct the fields marked below.")).toHaveCount(0);
    await expect(form.locator("[aria-invalid=true]")).toHaveCount(0);
  });

  test("writes a purpose's German texts, sees them in the German preview, and the missing list shrinks", async ({
    page,
  }) => {
    await page.goto("/admin/preference-center");
    const missing = page.getByTestId("german-missing");
    await expect(missing).toContainText(
      "Sales follow-up calls: title, description, value to the customer",
    );
    const form = page.getByRole("form", { name: "Sales follow-up calls" });
    await expect(form.getByText("English: Calls from our sales team")).toBeVisible();
    await form.getByLabel("Title (German)").fill("Anrufe unseres Vertriebs");
    await form.getByRole("button", { name: "Save German texts" }).click();
    await expect(form.getByText(/^Saved as version \d+\.$/)).toBeVisible();
    await expect(missing).toContainText(
      "Sales follow-up calls: description, value to the customer",
    );

    await page.locator("#preview-locale").selectOption("de");
    await page.getByRole("button", { name: "Show" }).click();
    const preview = page.frameLocator("iframe.preference-preview");
    await expect(preview.locator('[data-purpose="sales-follow-up-calls"] h3')).toHaveText(
      "Anrufe unseres Vertriebs",
    );
    // The description has no German text yet: the German page shows the English one.
    await expect(preview.locator('[data-purpose="sales-follow-up-calls"] p[lang="en"]')).toHaveText(
      /After you ask for a quote/,
    );

    // The purpose's history names the change like any other edit.
    await page.goto("/admin/purposes/sales-follow-up-calls");
    await expect(page.getByTestId("purpose-history")).toContainText("purpose.update");
  });
});
