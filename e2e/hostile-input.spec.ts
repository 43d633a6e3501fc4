/**
 * Hostile input: generated and malformed bodies, query strings and headers thrown at every write
 * and metrics route. Never a 5xx; every refusal a 4xx in the API's error shape; nothing stored
 * after a refusal; stored text comes back inert in the browser.
 */
import http from "node:http";
import fc from "fast-check";
import { expect, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import { describeAs, figuresReadNow, storageStateOf } from "./helpers";
import { baseURL } from "../playwright.config";

const RUNS = Number(process.env.HOSTILE_RUNS ?? 40);

const nasty = [
  "<img src=x onerror=alert(1)>",
  "<script>alert(1)</script>",
  "'; DROP TABLE purposes; --",
  "' OR '1'='1",
  "\u0000",
  "\ud800",
  "e\u0301\u200b\u202e",
  "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🙂",
  "%00%27%22",
  "../../etc/passwd",
  "a".repeat(5000),
  '=HYPERLINK("http://x")',
];
const nastyString = fc.oneof(
  fc.constantFrom(...nasty),
  fc.string(),
  fc.string({ unit: "grapheme" }),
);
/** Values of every JSON type, with nasty strings, nested a few levels. */
const value = fc.letrec((tie) => ({
  any: fc.oneof(
    { depthSize: "small" },
    nastyString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("any"), { maxLength: 4 }),
    fc.dictionary(nastyString, tie("any"), { maxKeys: 4 }),
  ),
})).any;

/** A body shaped like the real one with one field broken at a time, or random JSON. */
function bodies(fields: Record<string, unknown>, wrapper?: string) {
  const broken = fc
    .record({ key: fc.constantFrom(...Object.keys(fields)), bad: value })
    .map(({ key, bad }) => ({ ...fields, [key]: bad }));
  const item = fc.oneof(broken, value);
  return fc.oneof(
    wrapper ? item.map((x) => ({ [wrapper]: [x] })) : item,
    wrapper ? fc.array(item, { maxLength: 3 }).map((xs) => ({ [wrapper]: xs })) : value,
    value,
  );
}

/** JSON nested `depth` levels deep, built as text (JSON.stringify itself would overflow). */
const deep = (depth: number) => `${'{"a":['.repeat(depth)}"x"${"]}".repeat(depth)}`;

async function expectRefusalShape(response: APIResponse, what: string) {
  const status = response.status();
  expect(status, `${what} → ${status}: ${await response.text()}`).toBeLessThan(500);
  if (status >= 400) {
    const body = await response.json();
    expect(typeof body.error, what).toBe("string");
    expect(Array.isArray(body.issues), what).toBe(true);
    expect(JSON.stringify(body)).not.toMatch(/\n\s+at |node_modules/);
  }
  return status;
}

describeAs("admin", "hostile input", () => {
  test.setTimeout(240_000);

  let admin: APIRequestContext;
  let ingest: APIRequestContext;

  test.beforeAll(async ({ playwright, baseURL, browser }) => {
    const context = await browser.newContext({ storageState: storageStateOf("admin") });
    const key = async (scopes: string[]) =>
      (
        await (
          await context.request.post(`${baseURL}/api/v1/api-keys`, {
            data: { name: `hostile ${scopes.join(",")} ${Date.now()}`, scopes },
          })
        ).json()
      ).key as string;
    const [adminKey, ingestKey] = [await key(["admin"]), await key(["ingest"])];
    await context.close();
    admin = await playwright.request.newContext({
      baseURL,
      extraHTTPHeaders: { authorization: `Bearer ${adminKey}` },
    });
    ingest = await playwright.request.newContext({
      baseURL,
      extraHTTPHeaders: { authorization: `Bearer ${ingestKey}` },
    });
  });
  test.afterAll(async () => {
    await admin.dispose();
    await ingest.dispose();
  });

  /** Figures that move when anything is stored. */
  async function snapshot() {
    // Figures read now: shared ones read before an earlier test's writes would hide them.
    const [purposes, sources, consent, profiles, keys] = await Promise.all([
      admin.get("/api/v1/purposes").then((r) => r.json()),
      admin.get("/api/v1/sources").then((r) => r.json()),
      // All of history (lib/date-range allows from 2000-01-01), by month to stay within the points cap.
      figuresReadNow<{ events: unknown }>(
        admin,
        "/api/v1/metrics/consent?from=2000-01-01&interval=month",
      ),
      figuresReadNow<{ profiles: unknown }>(admin, "/api/v1/metrics/profiles"),
      admin.get("/api/v1/api-keys").then((r) => r.json()),
    ]);
    return JSON.stringify({
      purposes: purposes.purposes.map((p: { key: string; version: number }) => [p.key, p.version]),
      sources: sources.sources.length,
      events: consent.events,
      profiles: profiles.profiles,
      keys: keys.apiKeys.length,
    });
  }

  const writes = [
    {
      name: "POST /api/v1/consent-events",
      send: (data: unknown) => ingest.post("/api/v1/consent-events", { data: data as object }),
      arb: bodies(
        {
          eventId: "h-1",
          subjectId: "h-subject",
          purpose: "newsletter",
          action: "grant",
          occurredAt: "2026-01-01T00:00:00Z",
          channel: "web",
          region: "DE",
        },
        "events",
      ),
    },
    {
      name: "POST /api/v1/profiles",
      send: (data: unknown) => ingest.post("/api/v1/profiles", { data: data as object }),
      arb: bodies(
        {
          subjectId: "h-profile",
          region: "DE",
          identifiers: { email: "h@example.com" },
          attributes: [{ group: "contact", name: "email", value: "h@example.com" }],
        },
        "profiles",
      ),
    },
    {
      name: "POST /api/v1/purposes",
      send: (data: unknown) => admin.post("/api/v1/purposes", { data: data as object }),
      arb: bodies({
        key: "hostile",
        name: "Hostile",
        functionalArea: "marketing",
        legalBasis: "banana",
        retentionDays: 30,
        dataCategories: ["contact"],
      }),
    },
    {
      name: "PATCH /api/v1/purposes/newsletter",
      send: (data: unknown) => admin.patch("/api/v1/purposes/newsletter", { data: data as object }),
      arb: bodies({ version: 0, name: "x", retentionDays: 99999 }),
    },
    {
      name: "POST /api/v1/sources",
      send: (data: unknown) => admin.post("/api/v1/sources", { data: data as object }),
      arb: bodies({ key: "h", name: "H", party: "fourth", category: "crm", channel: "online" }),
    },
    {
      name: "POST /api/v1/api-keys",
      send: (data: unknown) => admin.post("/api/v1/api-keys", { data: data as object }),
      arb: bodies({ name: "", scopes: ["root"] }),
    },
    {
      name: "PUT /api/v1/profiles/model",
      send: (data: unknown) => admin.put("/api/v1/profiles/model", { data: data as object }),
      arb: bodies({ attributes: [{ group: "contact", name: "email", weight: -1 }] }),
    },
  ];

  for (const route of writes) {
    test(`${route.name}: generated bodies never give a 5xx, refusals change nothing`, async () => {
      const before = await snapshot();
      let accepted = 0;
      await fc.assert(
        fc.asyncProperty(route.arb, async (data) => {
          const status = await expectRefusalShape(await route.send(data), route.name);
          if (status < 400) accepted++;
        }),
        { numRuns: RUNS },
      );
      if (accepted === 0) expect(await snapshot()).toBe(before);
    });

    test(`${route.name}: malformed, oversized and deeply nested bodies`, async () => {
      const before = await snapshot();
      const url = route.name.split(" ")[1]!;
      const method = route.name.split(" ")[0]!.toLowerCase() as "post" | "patch" | "put";
      const client =
        url.includes("consent-events") || (url.includes("/profiles") && !url.includes("model"))
          ? ingest
          : admin;
      const cases: { body: string | Buffer; headers?: Record<string, string>; what: string }[] = [
        { body: "{", what: "truncated JSON" },
        { body: "", what: "empty" },
        { body: "null", what: "null" },
        { body: "[]", what: "an array" },
        { body: '"just a string"', what: "a string" },
        { body: deep(100_000), what: "nested 100,000 deep" },
        { body: Buffer.alloc(6 * 1024 * 1024, "a"), what: "6 MB" },
        {
          body: '{"events":[{"a":1}]}',
          headers: { "content-type": "text/plain" },
          what: "text/plain",
        },
        {
          body: '{"a":1}\n{',
          headers: { "content-type": "application/x-ndjson" },
          what: "bad NDJSON",
        },
        { body: "\u0000\u0001\u0002", what: "control bytes" },
        { body: JSON.stringify({ events: [], profiles: [] }), what: "empty batch" },
      ];
      for (const c of cases) {
        const response = await client.fetch(url, {
          method,
          data: c.body,
          headers: { "content-type": "application/json", ...c.headers },
        });
        const status = await expectRefusalShape(response, `${route.name} ${c.what}`);
        expect(status, `${route.name} ${c.what}`).toBeGreaterThanOrEqual(400);
        if (c.what === "6 MB") expect(status).toBe(413);
      }
      expect(await snapshot()).toBe(before);
    });
  }

  const reads = [
    "/api/v1/metrics/consent",
    "/api/v1/metrics/profiles",
    "/api/v1/metrics/sources",
    "/api/v1/metrics/overview",
    "/api/v1/laws",
    "/api/v1/purposes",
    "/api/v1/sources",
  ];
  for (const path of reads) {
    test(`GET ${path}: generated query strings never give a 5xx`, async () => {
      const keys = [
        "from",
        "to",
        "purpose",
        "region",
        "channel",
        "interval",
        "party",
        "status",
        "q",
        "functionalArea",
      ];
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(fc.constantFrom(...keys, "x"), nastyString), { maxLength: 5 }),
          async (pairs) => {
            const qs = new URLSearchParams(pairs).toString();
            await expectRefusalShape(await admin.get(`${path}?${qs}`), `${path}?${qs}`);
          },
        ),
        { numRuns: RUNS },
      );
    });
  }

  test("hostile headers: bad keys are 401, odd GPC and content types are no 5xx", async ({
    playwright,
    baseURL,
  }) => {
    for (const authorization of [
      "Bearer ",
      "Bearer fp_' OR 1=1 --",
      "Basic YTpi",
      `Bearer ${"x".repeat(10_000)}`,
      "bearer\u0000x",
    ]) {
      const client = await playwright.request.newContext({
        baseURL,
        storageState: { cookies: [], origins: [] },
      });
      const response = await client
        .get("/api/v1/metrics/consent", { headers: { authorization } })
        .catch(() => null);
      if (response)
        expect(await expectRefusalShape(response, authorization.slice(0, 30))).toBe(401);
      await client.dispose();
    }
    for (const gpc of ["1", "0", "yes", "\u00ff", "1".repeat(1000)]) {
      const response = await ingest.post("/api/v1/consent-events", {
        data: { events: [{ eventId: 1 }] },
        headers: { "sec-gpc": gpc },
      });
      expect(await expectRefusalShape(response, `sec-gpc ${gpc.slice(0, 10)}`)).toBe(422);
    }
  });

  test("a purpose named like an XSS payload is shown as text in the browser", async ({ page }) => {
    const name = "<img src=x onerror=alert(1)>";
    const key = `xss-${Date.now()}`;
    const created = await admin.post("/api/v1/purposes", {
      data: {
        key,
        name,
        functionalArea: "analytics",
        legalBasis: "legitimate_interest",
        customerDescription: "<script>alert(2)</script>",
        dataCategories: ["device"],
        retentionDays: 30,
        status: "active",
      },
    });
    expect(created.status()).toBe(201);
    let dialogs = 0;
    page.on("dialog", async (dialog) => {
      dialogs++;
      await dialog.dismiss();
    });
    for (const path of ["/admin/purposes", `/admin/purposes/${key}`]) {
      await page.goto(path);
      await expect(page.getByText(name).first()).toBeVisible();
      expect(await page.locator('img[src="x"]').count(), path).toBe(0);
    }
    await page.goto(`/admin/purposes/${key}`);
    await expect(page.getByText("<script>alert(2)</script>").first()).toBeVisible();
    await page.goto("/audit");
    await expect(page.getByText(key).first()).toBeVisible();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(dialogs).toBe(0);
  });
});

test("an API request with a huge body is answered as soon as its headers arrive, not after the body", async () => {
  // A client announcing 50 MB and sending it slowly: nothing may wait for (or hold) the body
  // before the route answers (here 401: it sent no credentials).
  const answeredIn = (headers: Record<string, string>) =>
    new Promise<{ status: number; ms: number }>((resolve, reject) => {
      const started = Date.now();
      const request = http.request(`${baseURL}/api/v1/consent-events`, {
        method: "POST",
        headers: { "content-type": "application/json", "content-length": "50000000", ...headers },
      });
      request.on("response", (response) => {
        resolve({ status: response.statusCode!, ms: Date.now() - started });
        response.resume();
        request.destroy();
      });
      request.on("error", (error) => {
        if (!request.destroyed) reject(error);
      });
      request.write("x".repeat(1024));
      setTimeout(() => {
        request.destroy();
        reject(new Error("no answer within 5 s: the body was waited for"));
      }, 5_000);
    });
  const anonymous = await answeredIn({});
  expect(anonymous.status).toBe(401);
  expect(anonymous.ms).toBeLessThan(5_000);
});

test("a method a route does not serve is a 405 in the API's error shape, naming the ones it does", async ({
  playwright,
}) => {
  const client = await playwright.request.newContext({
    baseURL,
    storageState: { cookies: [], origins: [] },
  });
  const doc = (await (await client.get("/api/v1/openapi.json")).json()) as {
    paths: Record<string, Record<string, unknown>>;
  };
  const methods = ["GET", "POST", "PUT", "PATCH", "DELETE"];
  let refused = 0;
  for (const [template, item] of Object.entries(doc.paths)) {
    const served = methods.filter((m) => m.toLowerCase() in item);
    const url = template.replace(/\{[^}]+\}/g, "x");
    const allow = [...served, ...(served.includes("GET") ? ["HEAD"] : []), "OPTIONS"].sort();
    for (const method of methods.filter((m) => !served.includes(m))) {
      const response = await client.fetch(url, { method, data: method === "GET" ? undefined : {} });
      const where = `${method} ${template}`;
      expect(response.status(), where).toBe(405);
      expect(response.headers()["allow"], where).toBe(allow.join(", "));
      expect(await response.json(), where).toEqual({
        error: `${method} is not served at ${new URL(url, baseURL).pathname}: use ${served.join(", ")}`,
        issues: [],
      });
      refused++;
    }
    // OPTIONS names the same methods (Next.js answers it from the route's handlers).
    const options = await client.fetch(url, { method: "OPTIONS" });
    expect(options.headers()["allow"], `OPTIONS ${template}`).toBe(allow.join(", "));
  }
  expect(refused).toBeGreaterThan(50);
  await client.dispose();
});
