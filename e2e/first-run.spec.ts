/**
 * A production instance's first hour: the admin `npm run admin:create` made sets a password from
 * its one-time link, finds dashboards that say there is no data yet and where it comes from, and
 * adds the first source. Runs against the second server of playwright.config.ts (no demo data).
 */
import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { freshAdmin, freshDataDir, freshURL } from "../playwright.config";
import { signIn } from "./helpers";

const PASSWORD = "lantern orchard cobalt meridian";

// Once only: the link works once and the first source stays, so a retry would test a used
// instance, not a new one.
test.describe.configure({ retries: 0 });

test("the first admin sets a password, reads empty dashboards and adds the first source", async ({
  browser,
}) => {
  const printed = await readFile(`${freshDataDir}/admin-create.txt`, "utf8");
  const link = printed.match(/http\S+\/set-password\?token=[\w-]+/)?.[0];
  expect(link, printed).toBeTruthy();
  const context = await browser.newContext({
    baseURL: freshURL,
    storageState: { cookies: [], origins: [] },
  });
  const page = await context.newPage();
  try {
    await firstHour(page, link!);
  } finally {
    await context.close();
  }
});

async function firstHour(page: Page, link: string) {
  await page.goto(link);
  await page.getByLabel("New password", { exact: true }).fill(PASSWORD);
  await page.getByLabel("New password again").fill(PASSWORD);
  await page.getByRole("button", { name: "Save password" }).click();
  await page.waitForURL(/\/login\?notice=passwordSet/);
  await signIn(page, freshAdmin, PASSWORD);
  await page.waitForURL("/");

  // No figure is made up: the cards without data say so, not "—" over "0 of 0".
  for (const card of ["firstPartyShare", "consentRate", "completeness", "share360"]) {
    await expect(page.getByTestId(`card-${card}`)).toContainText("No data yet.");
    await expect(page.getByTestId(`figure-${card}`)).toHaveCount(0);
  }

  // Consent is counted per purpose: with none in the catalog, the page says where to start.
  await page.goto("/consent");
  const noPurposes = page.getByTestId("consent-no-purposes");
  await expect(noPurposes.getByRole("heading", { name: "No purposes yet" })).toBeVisible();
  await expect(noPurposes.getByRole("link", { name: "Add a purpose" })).toHaveAttribute(
    "href",
    "/admin/purposes/new",
  );
  // A customer's consent history can still be looked up (profiles may come first).
  await expect(
    page.getByRole("search").getByRole("button", { name: "Find customer" }),
  ).toBeVisible();

  await page.goto("/sources");
  const empty = page.getByTestId("sources-empty");
  await expect(empty.getByRole("heading", { name: "No data sources yet" })).toBeVisible();
  await expect(page.getByTestId("sources-table")).toHaveCount(0);
  await expect(empty.getByRole("link", { name: "Import sources from a file" })).toHaveAttribute(
    "href",
    "/admin/imports",
  );
  await empty.getByRole("link", { name: "Add a source" }).click();
  await page.waitForURL("/admin/sources/new");
  const month = new Date().toISOString().slice(0, 8);
  await page.getByLabel("Key").fill("newsletter-signups");
  await page.getByLabel("Name").fill("Newsletter sign-ups");
  await page.getByLabel("Category").selectOption("survey");
  await page.getByLabel("Monthly records").fill("1,200");
  await page.getByLabel("Active from").fill(`${month}01`);
  // The party decides the headline share: the form does not choose one for the admin.
  const party = page.getByLabel("Party", { exact: true });
  await expect(party).toHaveValue("");
  await page.getByRole("button", { name: "Create source" }).click();
  await expect(page.locator("#source-party-error")).toHaveText("Choose a party.");
  await party.selectOption("first");
  await page.getByRole("button", { name: "Create source" }).click();
  await page.waitForURL("/admin/sources");

  await page.goto("/sources");
  await expect(page.getByTestId("sources-empty")).toHaveCount(0);
  await expect(page.getByTestId("first-party-share")).toHaveText(/^100(\.0)?%$/);
  await page.goto("/");
  await expect(page.getByTestId("figure-firstPartyShare")).toHaveText(/^100(\.0)?%$/);
  // A month ago there were no records to compare with.
  await expect(page.getByTestId("change-firstPartyShare")).toContainText("to compare with yet");
  await expect(page.getByTestId("card-consentRate")).toContainText("No data yet.");
}
