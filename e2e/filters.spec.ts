import { expect, test } from "@playwright/test";
import { baseURL } from "../playwright.config";
import { dashboardPages, misalignedFields, storageStateOf } from "./helpers";

test.use({ storageState: storageStateOf("marketing") });

test("a marketing leader opening a dashboard link with a bad filter sees what is wrong, the same as the API says", async ({
  page,
}) => {
  const cases = [
    [
      "/consent",
      "/api/v1/metrics/consent",
      "region=DE&region=FR",
      "region is given 2 times; give it once",
    ],
    [
      "/profiles",
      "/api/v1/metrics/profiles",
      "party=1st",
      "party must be one of zero, first, second, third",
    ],
    ["/consent", "/api/v1/metrics/consent", "colour=red", 'Unknown parameter "colour"'],
  ] as const;
  for (const [pagePath, apiPath, query, message] of cases) {
    await page.goto(`${pagePath}?${query}`);
    await expect(page.getByTestId("filter-issues")).toContainText(message);
    const api = await page.request.get(`${apiPath}?${query}`);
    expect(api.status(), `${apiPath}?${query}`).toBe(400);
    expect(JSON.stringify((await api.json()).issues)).toContain(message.replace(/"/g, '\\"'));
  }
  // Tables keep the valid part and name what they left out.
  await page.goto("/laws?status=in_force&colour=red");
  await expect(page.getByTestId("filter-issues")).toContainText('Unknown parameter "colour"');
  await expect(page.getByTestId("laws-table")).toBeVisible();
});

test("a German-speaking marketing lead opening a bad filter is told what is wrong in German; the API says it in English", async ({
  page,
}) => {
  await page.context().addCookies([{ name: "NEXT_LOCALE", value: "de", url: baseURL }]);
  await page.goto("/consent?from=2026-06-02&to=2026-06-01");
  await expect(page.getByTestId("filter-issues")).toContainText(
    "Der erste Tag (2026-06-02) muss vor dem letzten (2026-06-01) liegen oder derselbe sein",
  );
  // A table page's own filter and its table's keys, too.
  await page.goto("/laws?status=in_force&colour=red&page=x");
  const issues = page.getByTestId("filter-issues");
  await expect(issues).toContainText(
    "Unbekannter Parameter „colour“; dieser Filter kennt jurisdiction, status",
  );
  await expect(page.getByText("„page“ ist eine ganze Zahl ab 1")).toBeVisible();
  const api = await page.request.get("/api/v1/metrics/consent?from=2026-06-02&to=2026-06-01");
  expect(api.status()).toBe(400);
  expect((await api.json()).issues).toEqual([
    { path: ["from"], message: "from (2026-06-02) must be on or before to (2026-06-01)" },
  ]);
});

test("a range chosen backwards in the fields stays there and says what is wrong, until it is fixed", async ({
  page,
}) => {
  // A key no field sets, from a hand-edited address, goes with the first change of a field.
  await page.goto("/consent?colour=red");
  await expect(page.getByTestId("filter-issues")).toContainText('Unknown parameter "colour"');
  const to = page.getByLabel("To (UTC day)", { exact: true });
  const from = page.getByLabel("From (UTC day)", { exact: true });
  // Until the page has hydrated, a change does not reach the address. The print button is
  // enabled by the page's scripts; and a value filled before them is filled again from empty,
  // since filling the same value again changes nothing.
  await expect(page.getByRole("button", { name: "Print or save as PDF" })).toBeEnabled();
  await expect(async () => {
    await to.fill("");
    await to.fill("2026-06-01");
    await expect(page).toHaveURL(/to=2026-06-01/, { timeout: 1_000 });
  }).toPass();
  await expect(page).not.toHaveURL(/colour/);
  await from.fill("2026-06-02");
  await expect(page).toHaveURL(/from=2026-06-02/);
  await expect(page.getByTestId("filter-issues")).toContainText(
    "from (2026-06-02) must be on or before to (2026-06-01)",
  );
  await expect(from).toHaveValue("2026-06-02");
  // The form is not built again when the figures give way to the issues, nor when they come
  // back: the field being typed in keeps the focus.
  await expect(from).toBeFocused();
  await to.fill("2026-06-30");
  await expect(page.getByTestId("filter-issues")).toHaveCount(0);
  await expect(page).toHaveURL(/\?from=2026-06-02&to=2026-06-30$/);
  await expect(page.getByTestId("consent-overall-rate")).toBeVisible();
  await expect(to).toBeFocused();
});

test("a dashboard's filter fields line up: fields side by side share their top and height", async ({
  page,
}) => {
  for (const path of dashboardPages) {
    await page.goto(path);
    // The consent filter is drawn by its dashboard once the page streams it in: measured then.
    if (path === "/consent") await expect(page.locator("main form.toolbar")).toBeVisible();
    const { misaligned, pairs } = await misalignedFields(page, "main form.toolbar");
    expect(misaligned, path).toEqual([]);
    // The consent filter has dates, selects and more side by side: the check has something to do.
    if (path === "/consent") expect(pairs).toBeGreaterThan(10);
  }
});
