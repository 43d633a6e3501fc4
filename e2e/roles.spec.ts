import { expect, test } from "@playwright/test";
import { adminPages, dashboardPages, describeAs, privacyPages, storageStateOf } from "./helpers";

// Each role sees the links of the one below it, and more.
const everyone = [
  "Overview",
  "Data sources",
  "Consent",
  "Privacy laws",
  "Profiles",
  "Metric definitions",
  "API reference",
];
const privacyNav = [...everyone, "Audit log"];
const navOf = {
  marketing: everyone,
  privacy: privacyNav,
  admin: [
    ...privacyNav,
    "Purpose catalog",
    "Source inventory",
    "Completeness model",
    "Imports",
    "Preference center",
    "Users",
    "API keys",
  ],
};

for (const role of ["marketing", "privacy", "admin"] as const) {
  describeAs(role, `a ${role} user`, () => {
    test("sees only the navigation their role may use", async ({ page }) => {
      await page.goto("/");
      const links = page.getByRole("navigation", { name: "Main" }).getByRole("link");
      await expect(links).toHaveText([...navOf[role]]);
      await expect(page.getByTestId("current-role")).toBeVisible();
    });

    test("opens every page in their navigation", async ({ page }) => {
      const allowed = [
        ...dashboardPages,
        ...(role === "marketing" ? [] : privacyPages),
        ...(role === "admin" ? adminPages : []),
      ];
      for (const path of allowed) {
        const response = await page.goto(path);
        expect(response?.status(), path).toBe(200);
        await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      }
    });
  });
}

describeAs("marketing", "a marketing user", () => {
  test("is refused every admin and privacy page with 403, also with x-middleware-subrequest", async ({
    page,
  }) => {
    for (const path of [...adminPages, ...privacyPages]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(403);
      await expect(
        page.getByRole("heading", { name: "You do not have access to this page" }),
      ).toBeVisible();
      const bypass = await page.request.get(path, {
        headers: {
          "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware",
        },
        maxRedirects: 0,
      });
      expect(bypass.status(), `${path} with x-middleware-subrequest`).toBe(403);
    }
  });

  test("is refused every admin API route with 403 in the API's error shape", async ({ page }) => {
    const attempts = [
      page.request.get("/api/v1/api-keys"),
      page.request.post("/api/v1/api-keys", { data: { name: "sneaky", scopes: ["admin"] } }),
      page.request.delete("/api/v1/api-keys/00000000-0000-4000-8000-000000000000"),
      page.request.get("/api/v1/api-keys", {
        headers: { "x-middleware-subrequest": "proxy:proxy:proxy:proxy:proxy" },
      }),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.status()).toBe(403);
      expect(await response.json()).toEqual({ error: expect.any(String), issues: [] });
    }
  });
});

describeAs("privacy", "a privacy officer", () => {
  test("reads the audit log, including refusals, but cannot open admin pages", async ({
    page,
    browser,
  }) => {
    const marketing = await browser.newContext({ storageState: storageStateOf("marketing") });
    await (await marketing.newPage()).goto("/admin/users");
    await marketing.close();

    await page.goto("/audit");
    await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
    const refusal = page
      .getByRole("row")
      .filter({ hasText: "access.denied" })
      .filter({ hasText: "marketing@firstparty.demo" });
    await expect(refusal.first()).toBeVisible();
    // Sign-ins are older than a page of the log by now: the action filter finds them.
    await page.goto("/audit?action=auth.sign_in");
    await expect(page.getByRole("row").filter({ hasText: "auth.sign_in" }).first()).toBeVisible();

    for (const path of adminPages) expect((await page.goto(path))?.status(), path).toBe(403);
  });
});

test.describe("a signed-out visitor", () => {
  test("is sent to sign-in from pages and gets 401 from the API", async ({ page }) => {
    await page.goto("/admin/users");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fadmin%2Fusers/);
    const api = await page.request.get("/api/v1/api-keys");
    expect(api.status()).toBe(401);
    expect(await api.json()).toMatchObject({ error: expect.any(String), issues: [] });
    // Even past the proxy (a forged sub-request header), the page itself refuses.
    const direct = await page.request.get("/admin/users", {
      headers: { "x-middleware-subrequest": "proxy:proxy:proxy:proxy:proxy" },
      maxRedirects: 0,
    });
    expect([302, 303, 307, 308]).toContain(direct.status());
    expect(direct.headers()["location"]).toMatch(/\/login/);
  });
});
