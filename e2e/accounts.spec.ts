import fs from "node:fs";
import path from "node:path";
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { baseURL, mailDir } from "../playwright.config";
import {
  DEMO_PASSWORD,
  describeAs,
  emailOf,
  expectSignedIn,
  freshPage,
  invite,
  signIn,
  type Role,
} from "./helpers";

const STRONG = "copper kettle violet harbour";
const STRONGER = "lantern orchard pebble tundra";

/**
 * A user the admin of `page` invites with `role`, signed in with the temporary password in a
 * fresh browser, on the page that makes them choose their own.
 */
async function invitedUser(page: Page, browser: Browser, prefix: string, role: Role = "marketing") {
  const email = `${prefix}-${Date.now()}@example.com`;
  const temporary = await invite(page, email, { role });
  const user = await freshPage(browser);
  await signIn(user, email, temporary);
  await user.waitForURL("/account/password");
  return { email, temporary, user };
}

/** `page`'s session has ended: its pages send it to sign in, and a copy of its cookie gets 401. */
async function expectSessionEnded(
  page: Page,
  browser: Browser,
  copy: Awaited<ReturnType<BrowserContext["storageState"]>>,
) {
  await page.goto("/consent");
  await expect(page).toHaveURL(/\/login/);
  const thief = await browser.newContext({ storageState: copy });
  expect((await thief.request.get("/api/v1/metrics/overview")).status()).toBe(401);
  await thief.close();
}

/** Fills the password form of `page` (current password, the new one twice) and saves it. */
async function choosePassword(page: Page, current: string, next: string) {
  await page.getByLabel("Current password").fill(current);
  await page.getByLabel("New password", { exact: true }).fill(next);
  await page.getByLabel("New password again").fill(next);
  await page.getByRole("button", { name: "Save password" }).click();
}

/** The last message the test SMTP server received for `to`, decoded from quoted-printable. */
async function lastMailTo(to: string): Promise<string> {
  let found: string | undefined;
  await expect
    .poll(
      () => {
        const files = fs.existsSync(mailDir) ? fs.readdirSync(mailDir).sort() : [];
        found = files
          .map((f) => fs.readFileSync(path.join(mailDir, f), "utf8"))
          .filter((m) => m.startsWith(`X-Envelope-To: ${to}`))
          .at(-1);
        return Boolean(found);
      },
      { timeout: 10_000 },
    )
    .toBe(true);
  return found!
    .replace(/=\r?\n/g, "")
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

test.describe("after sign-in", () => {
  for (const callbackUrl of [
    "/.//evil.example",
    "/..//evil.example",
    "/%2e//evil.example",
    "/./\\evil.example",
  ]) {
    test(`a visitor lured to /login?callbackUrl=${callbackUrl} stays on Firstparty`, async ({
      browser,
    }) => {
      const page = await freshPage(browser);
      await page.goto(`/login?callbackUrl=${encodeURIComponent(callbackUrl)}`);
      await page.getByLabel("Email").fill(emailOf("marketing"));
      await page.getByLabel("Password").fill(DEMO_PASSWORD);
      await page.getByRole("button", { name: "Sign in", exact: true }).click();
      await page.waitForLoadState("networkidle");
      expect(new URL(page.url()).origin).toBe(baseURL);
      await expectSignedIn(page);
      // Signed in already, the sign-in page sends them on, still at home.
      await page.goto(`/login?callbackUrl=${encodeURIComponent(callbackUrl)}`);
      expect(new URL(page.url()).origin).toBe(baseURL);
      await page.context().close();
    });
  }
});

describeAs("admin", "passwords", () => {
  test("an invited user must choose their own password before any other page opens, and is told why a weak one is refused", async ({
    page,
    browser,
  }) => {
    const { email, temporary, user } = await invitedUser(page, browser, "first");
    await expect(user.getByRole("heading", { name: "Choose your own password" })).toBeVisible();
    for (const path of ["/", "/consent", "/laws"]) {
      await user.goto(path);
      await expect(user).toHaveURL(/\/account\/password$/);
    }
    expect((await user.request.get("/api/v1/metrics/overview")).status()).toBe(403);

    await choosePassword(user, temporary, "password1234");
    await expect(user.locator("#newPassword-error")).toContainText("most common passwords");
    await expect(user.getByLabel("New password", { exact: true })).toHaveAttribute(
      "aria-describedby",
      "newPassword-error",
    );

    const knownFor = async () =>
      (await user.context().cookies()).find((c) => c.name === "fp-known-device")?.value.split("~");
    const tokens = (await knownFor())!;
    await choosePassword(user, temporary, STRONG);
    await user.waitForURL("/");
    await expectSignedIn(user);
    // The browser stays known for the account at its new session version (a token added).
    expect(await knownFor()).toEqual([...tokens, expect.any(String)]);
    expect((await user.request.get("/api/v1/metrics/overview")).status()).toBe(200);
    await user.context().close();

    const again = await freshPage(browser);
    await signIn(again, email, temporary);
    await expect(again.locator("#login-error")).toBeVisible();
    await signIn(again, email, STRONG);
    await again.waitForURL("/");
    await again.context().close();
  });

  test("an invited user can sign out from the password page without choosing one", async ({
    page,
    browser,
  }) => {
    const { user } = await invitedUser(page, browser, "leaving");
    await expect(user.getByRole("heading", { name: "Choose your own password" })).toBeVisible();
    await user.getByRole("button", { name: "Sign out" }).click();
    await user.waitForURL(/\/login/);
    await user.goto("/account/password");
    await expect(user).toHaveURL(/\/login\?callbackUrl=(%2F|\/)account(%2F|\/)password$/);
    await user.context().close();
  });

  test("changing a password ends the user's other sessions and keeps this one", async ({
    page,
    browser,
  }) => {
    const { email, temporary, user: laptop } = await invitedUser(page, browser, "changer");
    const change = (p: Page, current: string, next: string) =>
      p.request.post("/api/v1/me/password", {
        data: { currentPassword: current, newPassword: next },
        headers: { origin: baseURL },
      });
    const knownFor = async () =>
      (await laptop.context().cookies())
        .find((c) => c.name === "fp-known-device")
        ?.value.split("~");
    const tokens = (await knownFor())!;
    expect((await change(laptop, temporary, STRONG)).status()).toBe(204);
    await laptop.goto("/");
    await expectSignedIn(laptop);
    // This browser stays known for the account at its new session version, as on the page.
    expect(await knownFor()).toEqual([...tokens, expect.any(String)]);

    const phone = await freshPage(browser);
    await signIn(phone, email, STRONG);
    await phone.waitForURL("/");
    // A copy of the phone's token, as someone who stole it would keep it.
    const stolen = await phone.context().storageState();

    const weak = await change(laptop, STRONG, "short");
    expect(weak.status()).toBe(422);
    expect((await weak.json()).issues).toEqual([
      { path: ["newPassword"], message: "Use at least 12 characters." },
    ]);
    await laptop.goto("/account/password");
    await choosePassword(laptop, STRONG, STRONGER);
    await laptop.waitForURL("/");
    await expectSignedIn(laptop);

    await expectSessionEnded(phone, browser, stolen);
    // Signing in again elsewhere does not bring the old token back.
    await signIn(phone, email, STRONGER);
    await phone.waitForURL("/");
    const revived = await browser.newContext({ storageState: stolen });
    expect((await revived.request.get("/api/v1/metrics/overview")).status()).toBe(401);
    await revived.close();
    await Promise.all([laptop.context().close(), phone.context().close()]);
  });

  test("signing out everywhere else ends the user's other sessions, keeps this one and the password", async ({
    page,
    browser,
  }) => {
    const { email, temporary, user: laptop } = await invitedUser(page, browser, "roamer");
    await choosePassword(laptop, temporary, STRONG);
    await laptop.waitForURL("/");
    const phone = await freshPage(browser);
    await signIn(phone, email, STRONG);
    await phone.waitForURL("/");
    const stolen = await phone.context().storageState();
    const signedInAt = async () =>
      ((await (await laptop.request.get("/api/auth/session")).json()) as { authTime?: number })
        .authTime;
    const before = await signedInAt();
    expect(before).toEqual(expect.any(Number));
    // A second later, so that a new sign-in time would differ from the first.
    await laptop.waitForTimeout(1100);

    await laptop.goto("/account/password");
    await laptop.getByRole("button", { name: "Sign out everywhere else" }).click();
    await expect(laptop.getByRole("status")).toHaveText("You are now signed out everywhere else.");
    await laptop.goto("/consent");
    await expectSignedIn(laptop);
    // This browser's new session ends when the old one would have: 12 hours after the sign-in,
    // however often "Sign out everywhere else" is pressed.
    expect(await signedInAt()).toBe(before);

    await expectSessionEnded(phone, browser, stolen);
    // The page the phone asks for is asked for again once signed in; the password did not change.
    await phone.goto("/consent?region=DE");
    await expect(phone).toHaveURL(/\/login\?callbackUrl=%2Fconsent%3Fregion%3DDE$/);
    await phone.getByLabel("Email").fill(email);
    await phone.getByLabel("Password").fill(STRONG);
    await phone.getByRole("button", { name: "Sign in", exact: true }).click();
    await phone.waitForURL("/consent?region=DE");

    await page.goto("/audit");
    await expect(
      page
        .getByRole("row")
        .filter({ hasText: "auth.sign_out_elsewhere" })
        .filter({ hasText: email }),
    ).toHaveCount(1);
    await Promise.all([laptop.context().close(), phone.context().close()]);
  });

  test("an admin resets a password: the link is shown and e-mailed, the old password and sessions stop at once", async ({
    page,
    browser,
  }) => {
    const { email, temporary, user } = await invitedUser(page, browser, "reset", "privacy");

    await page.goto("/admin/users");
    const row = page.getByTestId(`user-row-${email}`);
    await row.getByRole("button", { name: `Reset password of ${email}` }).click();
    const link = (await row.getByTestId("reset-link").textContent())!.trim();
    expect(link).toMatch(new RegExp(`^${baseURL}/set-password\\?token=[\\w-]{43}$`));
    await expect(row.getByTestId("reset-result")).toContainText(`It was e-mailed to ${email}.`);
    const mail = await lastMailTo(email);
    expect(mail).toContain("Subject: Set a new Firstparty password");
    expect(mail).toContain(link);

    await user.goto("/");
    await expect(user).toHaveURL(/\/login/);
    await signIn(user, email, temporary);
    await expect(user.locator("#login-error")).toBeVisible();

    await user.goto(link);
    await expect(user.getByRole("heading", { name: "Set your password" })).toBeVisible();
    await user.getByLabel("New password", { exact: true }).fill(STRONG);
    await user.getByLabel("New password again").fill(STRONG);
    await user.getByRole("button", { name: "Save password" }).click();
    await user.waitForURL(/\/login\?notice=passwordSet/);
    await expect(user.getByText("Your password is set. Sign in with it.")).toBeVisible();
    await signIn(user, email, STRONG);
    await user.waitForURL("/");
    await user.goto(link);
    await expect(user.locator("p[role=alert]")).toContainText("invalid, already used or expired");
    await user.context().close();

    await page.goto("/audit");
    await expect(page.getByText("user.password_reset").first()).toBeVisible();
    await expect(page.getByText("user.password_set").first()).toBeVisible();
  });
});

describeAs("admin", "writes with the session cookie", () => {
  test("are refused from another site or without JSON, and nothing is written", async ({
    page,
  }) => {
    const name = `csrf-${Date.now()}`;
    const body = JSON.stringify({ name, scopes: ["read"] });
    const post = (headers: Record<string, string>) =>
      page.request.post("/api/v1/api-keys", { data: body, headers });
    const crossOrigin = await post({
      "content-type": "application/json",
      origin: "https://evil.example",
    });
    expect(crossOrigin.status()).toBe(403);
    expect((await crossOrigin.json()).error).toContain("must come from");
    expect(
      (await post({ "content-type": "application/json", "sec-fetch-site": "cross-site" })).status(),
    ).toBe(403);
    expect((await post({ "content-type": "text/plain", origin: baseURL })).status()).toBe(415);
    expect(
      (
        await post({ "content-type": "application/x-www-form-urlencoded", origin: baseURL })
      ).status(),
    ).toBe(415);
    const list = await (await page.request.get("/api/v1/api-keys")).json();
    expect(list.apiKeys.some((k: { name: string }) => k.name === name)).toBe(false);

    const sameSite = await post({ "content-type": "application/json", origin: baseURL });
    expect(sameSite.status()).toBe(201);
    const created = await sameSite.json();
    expect(created.apiKey).toMatchObject({ name, expiresAt: null });
    // Keys are not cookies: a bearer key writes without Origin.
    const keyWrite = await page.request.fetch("/api/v1/api-keys", {
      method: "GET",
      headers: { authorization: `Bearer ${created.key}`, cookie: "" },
    });
    expect(keyWrite.status()).toBe(403); // a read key may not list keys: its scope decides
  });
});

describeAs("privacy", "personal data", () => {
  test("a privacy officer's lookup of a customer's consent history is in the audit log", async ({
    page,
  }) => {
    // Counted before and after, so earlier lookups (other tests, a retry) do not matter.
    const subject = "cust-0000001";
    const lookups = async () => {
      await page.goto("/audit?action=subject.consents_read");
      return page.locator("tbody tr", { hasText: subject }).count();
    };
    const before = await lookups();
    await page.goto(`/consent/subjects/${subject}`);
    await expect(page.getByTestId("subject-history")).toBeVisible();
    expect((await page.request.get(`/api/v1/subjects/${subject}/consents`)).status()).toBe(200);
    expect(await lookups()).toBe(before + 2);
    const rows = page.locator("tbody tr", { hasText: subject });
    await expect(rows.first()).toContainText("privacy@firstparty.demo");
  });

  test("another site cannot make a privacy officer's browser look a customer up", async ({
    page,
    baseURL,
    browser,
  }) => {
    const subject = "cust-0000003";
    // The customer's own entries: no other test's look-ups push them off the page.
    const lookups = async (action: string) => {
      await page.goto(`/audit?action=${action}&entityType=subject&entityId=${subject}`);
      return page.locator("tbody tr", { hasText: subject }).count();
    };
    const before = [await lookups("subject.consents_read"), await lookups("subject.identity_read")];
    // A page elsewhere links to the customer's record, their identity and a search for them.
    const links = {
      history: `${baseURL}/consent/subjects/${subject}`,
      identity: `${baseURL}/consent/subjects/${subject}/identity`,
      search: `${baseURL}/consent/subjects?q=${subject}`,
    };
    await page.route("http://elsewhere.test/**", (route) =>
      route.fulfill({
        contentType: "text/html",
        body: Object.entries(links)
          .map(([id, href]) => `<a id="${id}" href="${href}">${id}</a>`)
          .join(" "),
      }),
    );
    for (const id of Object.keys(links)) {
      await page.goto("http://elsewhere.test/");
      await page.locator(`#${id}`).click();
      // A page of its own, which looks nobody up: reloading it (or the app refreshing it)
      // runs nothing.
      await expect(page).toHaveURL(/\/consent\/look-up\?next=/);
      await page.reload();
      await expect(page.getByTestId("confirm-lookup")).toContainText("Look up this customer?");
      await expect(page.getByTestId("confirm-lookup")).toContainText(subject);
      await expect(page.getByTestId("subject-history")).toHaveCount(0);
      await expect(page.getByTestId("search-results")).toHaveCount(0);
    }
    // Signed out, the link leads through the sign-in page to the question, not to the record.
    const visitor = await freshPage(browser);
    await visitor.route("http://elsewhere.test/**", (route) =>
      route.fulfill({
        contentType: "text/html",
        body: `<a id="history" href="${links.history}">x</a>`,
      }),
    );
    await visitor.goto("http://elsewhere.test/");
    await visitor.locator("#history").click();
    await expect(visitor).toHaveURL(/\/login\?callbackUrl=/);
    await visitor.getByLabel("Email").fill(emailOf("privacy"));
    await visitor.getByLabel("Password").fill(DEMO_PASSWORD);
    await visitor.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(visitor.getByTestId("confirm-lookup")).toContainText(subject);
    await visitor.context().close();
    // Nor does a link to the sign-in page that names the record as where to go next, for a
    // password or an administrator's flagged values in the clear.
    for (const [next, lands] of [
      [`/consent/subjects/${subject}`, /\/consent\/look-up\?next=/],
      [`/consent/subjects?q=${subject}`, /\/consent\/look-up\?next=/],
    ] as const) {
      const signIn = await freshPage(browser);
      await signIn.route("http://elsewhere.test/**", (route) =>
        route.fulfill({
          contentType: "text/html",
          body: `<a id="login" href="${baseURL}/login?callbackUrl=${encodeURIComponent(next)}">x</a>`,
        }),
      );
      await signIn.goto("http://elsewhere.test/");
      await signIn.locator("#login").click();
      await signIn.getByLabel("Email").fill(emailOf("privacy"));
      await signIn.getByLabel("Password").fill(DEMO_PASSWORD);
      await signIn.getByRole("button", { name: "Sign in", exact: true }).click();
      await expect(signIn).toHaveURL(lands);
      await expect(signIn.getByTestId("confirm-lookup")).toContainText(subject);
      await expect(signIn.getByTestId("subject-history")).toHaveCount(0);
      await signIn.context().close();
    }
    // The API answers a request the browser says another site sent with 403.
    const api = await page.request.get(`/api/v1/subjects/${subject}/consents`, {
      headers: { "sec-fetch-site": "cross-site" },
    });
    expect(api.status()).toBe(403);
    expect(
      (
        await page.request.get(`/api/v1/subjects/${subject}/identity`, {
          headers: { "sec-fetch-site": "cross-site" },
        })
      ).status(),
    ).toBe(403);
    expect([
      await lookups("subject.consents_read"),
      await lookups("subject.identity_read"),
    ]).toEqual(before);

    // The officer confirms on this site: the look-up runs, and is on their record.
    await page.goto("http://elsewhere.test/");
    await page.locator("#history").click();
    await page.getByRole("link", { name: "Look up" }).click();
    await expect(page.getByTestId("subject-history")).toBeVisible();
    expect(await lookups("subject.consents_read")).toBe(before[0]! + 1);
  });
});

test("every page of a demo instance says it holds demo data", async ({ browser }) => {
  const visitor = await freshPage(browser);
  await visitor.goto("/login");
  await expect(visitor.getByTestId("demo-notice")).toContainText("Demo data.");
  await signIn(visitor, emailOf("marketing"), DEMO_PASSWORD);
  await visitor.waitForURL("/");
  for (const path of ["/", "/consent", "/laws", "/account/password"]) {
    await visitor.goto(path);
    await expect(visitor.getByTestId("demo-notice")).toContainText("npm run admin:create");
  }
  await visitor.context().close();
});
