import { parse } from "csv-parse/sync";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { baseURL, oidcTest } from "../playwright.config";
import { expectSignedIn, storageStateOf } from "./helpers";

// Single sign-on against a real OpenID provider (e2e/oidc/provider.mjs, started by Playwright).
// Its login form takes any password; the login name picks a test account: "ava", "ben" and
// "ben-impostor" (same verified address as ben, other subject), "cleo" (address not verified)
// and "dan" (verified, never invited). The subject of each is its login name.

test.use({ storageState: storageStateOf("admin") });

/** The admin invites an address (once: a retry finds it already there). */
async function invite(admin: Page, email: string, name: string) {
  await admin.goto("/admin/users");
  if (await admin.getByTestId(`user-row-${email}`).count()) return;
  await admin.getByLabel("Email").fill(email);
  await admin.getByLabel("Name (optional)").fill(name);
  await admin.getByRole("button", { name: "Invite" }).click();
  await expect(admin.getByTestId("temporary-password")).toBeVisible();
  await expect(admin.getByTestId(`user-row-${email}`)).toBeVisible();
}

/** A signed-out browser that signs in at the provider as `login` and consents. */
async function signInWithSso(browser: Browser, login: string): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByRole("button", { name: `Sign in with ${oidcTest.name}` }).click();
  await page.waitForURL(`${oidcTest.issuer}/interaction/**`);
  await page.getByPlaceholder("Enter any login").fill(login);
  await page.getByPlaceholder("and password").fill("any password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
  return page;
}

/** The admin of `page` invites `<login>@sso.example` as `name`, who then signs in through the provider. */
async function invitedViaSso(page: Page, browser: Browser, login: string, name: string) {
  await invite(page, `${login}@sso.example`, name);
  return signInWithSso(browser, login);
}

/** As invitedViaSso, and back home signed in as `name`. */
async function signedInViaSso(page: Page, browser: Browser, login: string, name: string) {
  const user = await invitedViaSso(page, browser, login, name);
  await expectSsoUser(user, name);
  return user;
}

/** Back home from the provider, signed in as `name`. */
async function expectSsoUser(page: Page, name: string) {
  await page.waitForURL(`${baseURL}/`);
  await expect(page.getByTestId("current-user")).toContainText(name);
}

async function expectRefused(page: Page, error: string, text: string) {
  await page.waitForURL((url) => url.href.startsWith(`${baseURL}/login`));
  expect(new URL(page.url()).searchParams.get("error")).toBe(error);
  await expect(page.locator("#login-error")).toContainText(text);
  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);
}

test("an invited user whose provider verified their address signs in with single sign-on and stays bound to that identity", async ({
  page,
  browser,
}) => {
  const ava = await signedInViaSso(page, browser, "ava", "Ava Anders");
  await expectSignedIn(ava);

  // Signed out, she signs in again through the provider (which remembers her) without a password.
  await ava.getByRole("button", { name: "Sign out" }).click();
  await ava.waitForURL(/\/login/);
  await ava.getByRole("button", { name: `Sign in with ${oidcTest.name}` }).click();
  await expectSsoUser(ava, "Ava Anders");
  await ava.context().close();

  // The audit log records the binding to the provider's subject, once.
  await page.goto("/audit?action=user.oidc_bound");
  await expect(
    page
      .getByRole("row")
      .filter({ hasText: "user.oidc_bound" })
      .filter({ hasText: "ava@sso.example" }),
  ).toHaveCount(1);
  const csv = await (await page.request.get("/audit/export?action=user.oidc_bound")).text();
  const bound = (parse(csv, { columns: true, bom: true }) as Record<string, string>[]).filter(
    (r) => r.actor === "ava@sso.example",
  );
  expect(bound).toHaveLength(1);
  expect(JSON.parse(bound[0]!.detail!)).toEqual({ subject: "ava" });
});

test("an invited user whose provider did not verify their address is refused and told why", async ({
  page,
  browser,
}) => {
  const cleo = await invitedViaSso(page, browser, "cleo", "Cleo Chen");
  await expectRefused(cleo, "EmailUnverified", "has not verified your email address");
  await cleo.context().close();
});

test("another provider identity claiming a bound user's verified address cannot take over the account", async ({
  page,
  browser,
}) => {
  const ben = await signedInViaSso(page, browser, "ben", "Ben Berg");
  await ben.context().close();

  const impostor = await signInWithSso(browser, "ben-impostor");
  await expectRefused(impostor, "AccountMismatch", "linked to a different single sign-on identity");
  await impostor.context().close();
});

test("someone with a verified address nobody invited is refused", async ({ browser }) => {
  const dan = await signInWithSso(browser, "dan");
  await expectRefused(dan, "NotInvited", "has not been invited");
  await dan.context().close();
});
