import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, describeAs, expectSignedIn, freshPage, invite, signIn } from "./helpers";

test("a visitor with a wrong password is told so, without learning whether the account exists", async ({
  page,
}) => {
  await signIn(page, "marketing@firstparty.demo", "not-the-password");
  await expect(page.locator("#login-error")).toHaveText(
    "The email or password is wrong, or the account is disabled.",
  );
  await signIn(page, "nobody@firstparty.demo", "not-the-password");
  await expect(page.locator("#login-error")).toHaveText(
    "The email or password is wrong, or the account is disabled.",
  );
});

test("a signed-out visitor returns to the page they asked for after signing in, and can sign out", async ({
  page,
}) => {
  // The sign-in page's own icon is no page to sign in for.
  const icon = await page.request.get("/icon.svg", { maxRedirects: 0 });
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toContain("image/svg+xml");
  await page.goto("/laws");
  await expect(page).toHaveURL(/callbackUrl=%2Flaws/);
  await page.getByLabel("Email").fill("marketing@firstparty.demo");
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL("/laws");
  await expectSignedIn(page);
  // The browser is now known for the account (lib/auth/known-device): a cookie scripts cannot
  // read, kept after signing out.
  const known = async () =>
    (await page.context().cookies()).find((c) => c.name === "fp-known-device");
  expect(await known()).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
  expect((await known())!.expires - Date.now() / 1000).toBeGreaterThan(89 * 86_400);
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(/\/login/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);
  expect(await known()).toBeDefined();
});

test("signing out ends the session itself: a copy of its cookie no longer signs anyone in", async ({
  page,
  browser,
}) => {
  await signIn(page, "marketing@firstparty.demo", DEMO_PASSWORD);
  await page.waitForURL("/");
  // A copy of the session cookie, as malware or a shared computer's next user would keep it.
  const copied = await page.context().storageState();
  const other = await freshPage(browser);
  await signIn(other, "marketing@firstparty.demo", DEMO_PASSWORD);
  await other.waitForURL("/");

  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(/\/login/);

  const thief = await browser.newContext({ storageState: copied });
  // next-auth's session endpoint says there is no session, and clears the copied cookie.
  const session = await thief.request.get("/api/auth/session");
  expect(await session.json()).toEqual({});
  const cookies = (await thief.storageState()).cookies;
  expect(cookies.filter((c) => c.name.endsWith("session-token"))).toEqual([]);
  await thief.addCookies(copied.cookies);
  expect((await thief.request.get("/api/v1/metrics/overview")).status()).toBe(401);
  const stolenPage = await thief.newPage();
  await stolenPage.goto("/consent");
  await expect(stolenPage).toHaveURL(/\/login/);
  await thief.close();
  // Only that session ended: the same user's other browser stays signed in.
  await other.goto("/consent");
  await expectSignedIn(other);
  // A re-issued token keeps its session (its id and the moment of its sign-in).
  const own = await other.request.get("/api/auth/session");
  expect(await own.json()).toMatchObject({ user: { email: "marketing@firstparty.demo" } });
  expect((await other.request.get("/api/v1/metrics/overview")).status()).toBe(200);
  await other.context().close();
});

describeAs("admin", "an account under attack", () => {
  test("is locked for the address that failed 5 times, even for the right password", async ({
    page,
    browser,
  }) => {
    const email = `locked-${Date.now()}@example.com`;
    const password = await invite(page, email);

    const attacker = await freshPage(browser);
    for (let i = 0; i < 5; i++) {
      await signIn(attacker, email, `guess-${i}`);
      await expect(attacker.locator("#login-error")).toContainText("wrong");
    }
    await signIn(attacker, email, password);
    await expect(attacker.locator("#login-error")).toHaveText(
      "Too many failed attempts. Wait 15 minutes and try again.",
    );

    await page.goto("/audit");
    await expect(
      page
        .getByRole("row")
        .filter({ hasText: "auth.sign_in_rate_limited" })
        .filter({ hasText: email }),
    ).toHaveCount(1);
    await expect(
      page.getByRole("row").filter({ hasText: "auth.sign_in_failed" }).filter({ hasText: email }),
    ).toHaveCount(5);
  });
});
