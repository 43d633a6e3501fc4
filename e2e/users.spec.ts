import { expect, test } from "@playwright/test";
import { expectSignedIn, invite, signIn, storageStateOf } from "./helpers";

test.use({ storageState: storageStateOf("admin") });

test("an admin invites a privacy officer, demotes them, then disables them; each change applies at once", async ({
  page,
  browser,
}) => {
  const email = `officer-${Date.now()}@example.com`;
  const password = await invite(page, email, { name: "Olga Officer", role: "privacy" });
  expect(password).toMatch(/^[a-z2-9-]{23}$/);
  const row = page.getByTestId(`user-row-${email}`);
  // Until the one-time password runs out, a week from now.
  await expect(row.getByTestId("user-status")).toHaveText(
    /^Invited: one-time password valid until \w{3} \d{1,2}, \d{4}/,
  );
  const roleOf = row.getByLabel(`Change role of ${email}`);
  await expect(roleOf).toHaveValue("privacy");
  await expect(roleOf.locator("option:checked")).toHaveText("Privacy officer");
  // The admin's own role is shown, not offered for change.
  const own = page.getByTestId("user-row-admin@firstparty.demo").getByTestId("user-role");
  await expect(own).toHaveText("Admin");
  await expect(own.getByRole("combobox")).toHaveCount(0);

  // The new officer signs in with the one-time password, chooses their own, and reads the audit log.
  const officerContext = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const officer = await officerContext.newPage();
  await signIn(officer, email, password);
  await officer.waitForURL("/account/password");
  await officer.getByLabel("Current password").fill(password);
  await officer.getByLabel("New password", { exact: true }).fill("quartz meadow lantern ferry");
  await officer.getByLabel("New password again").fill("quartz meadow lantern ferry");
  await officer.getByRole("button", { name: "Save password" }).click();
  await officer.waitForURL("/");
  await expectSignedIn(officer);
  expect((await officer.goto("/audit"))?.status()).toBe(200);
  // The consent dashboard, whose figures every user shares for a few seconds, offers an
  // officer the subject lookup.
  await officer.goto("/consent");
  await expect(officer.getByTestId("figures-as-of")).toContainText("Figures as of");
  await expect(officer.getByRole("search")).toBeVisible();

  // Demoted to marketing: the very next request is refused, and the dashboard just read (its
  // figures still shared) no longer offers what only an officer may use.
  await roleOf.selectOption("marketing");
  await row.getByRole("button", { name: `Save role of ${email}` }).click();
  await expect(row.getByTestId("user-role")).toContainText("Saved.");
  // "Saved." speaks for the role shown: another one chosen and not saved, it goes.
  await roleOf.selectOption("admin");
  await expect(row.getByTestId("user-role")).not.toContainText("Saved.");
  await page.reload();
  await expect(roleOf).toHaveValue("marketing");
  expect((await officer.goto("/audit"))?.status()).toBe(403);
  await officer.goto("/consent");
  await expect(officer.getByTestId("consent-overall-rate")).toBeVisible();
  await expect(officer.getByRole("search")).toHaveCount(0);
  expect((await officer.request.get("/api/v1/metrics/consent")).status()).toBe(200);

  // Disabled: the session no longer counts, pages send them to sign-in.
  await row.getByRole("button", { name: `Disable ${email}` }).click();
  await expect(row.getByTestId("user-status")).toHaveText("Disabled");
  await officer.goto("/");
  await expect(officer).toHaveURL(/\/login/);
  expect((await officer.request.get("/api/v1/api-keys")).status()).toBe(401);
  // Cached figures are no exception.
  expect((await officer.request.get("/api/v1/metrics/consent")).status()).toBe(401);
  await officerContext.close();
});

test("an admin gets a field error for an invalid or duplicate email", async ({ page }) => {
  await page.goto("/admin/users");
  const email = page.getByLabel("Email");
  await email.fill("not-an-email");
  await page.getByRole("button", { name: "Invite" }).click();
  await expect(page.locator("#invite-email-error")).toContainText("Enter an email address");
  await expect(email).toHaveAttribute("aria-describedby", "invite-email-error");

  // What was typed stays, to be corrected.
  await expect(email).toHaveValue("not-an-email");

  await email.fill("marketing@firstparty.demo");
  await page.getByLabel("Role", { exact: true }).selectOption("privacy");
  await page.getByRole("button", { name: "Invite" }).click();
  await expect(page.locator("#invite-email-error")).toContainText("already exists");
  await expect(email).toHaveValue("marketing@firstparty.demo");
  await expect(page.getByLabel("Role", { exact: true })).toHaveValue("privacy");

  // Once someone is invited, the form is empty for the next.
  await email.fill(`next-${Date.now()}@example.com`);
  await page.getByRole("button", { name: "Invite" }).click();
  await expect(page.getByTestId("temporary-password")).toBeVisible();
  await expect(email).toHaveValue("");
  await expect(page.getByLabel("Role", { exact: true })).toHaveValue("marketing");
});

test("an admin cannot change their own role (the control is not offered)", async ({ page }) => {
  await page.goto("/admin/users");
  const me = page.getByTestId("user-row-admin@firstparty.demo");
  await expect(me).toContainText("(you)");
  await expect(me.getByRole("button")).toHaveCount(0);
});

test("a row whose user id was tampered with says the user is not there, and changes nobody", async ({
  page,
}) => {
  await page.goto("/admin/users");
  const row = page.getByTestId("user-row-marketing@firstparty.demo");
  const roleOf = row.getByLabel("Change role of marketing@firstparty.demo");
  await expect(roleOf).toHaveValue("marketing");
  for (const forged of ["00000000-0000-4000-8000-000000000000", "not-an-id"]) {
    // Chosen first: the form's rendering after a choice would put the real id back.
    await roleOf.selectOption("privacy");
    await row
      .locator('input[name="userId"]')
      .first()
      .evaluate((input, value) => ((input as HTMLInputElement).value = value), forged);
    await row.getByRole("button", { name: "Save role of marketing@firstparty.demo" }).click();
    await expect(row).toContainText("This is no longer there: reload the page.");
  }
  await page.reload();
  await expect(roleOf).toHaveValue("marketing");
});
