import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "firstparty-demo";
export const roles = ["admin", "privacy", "marketing"] as const;
export type Role = (typeof roles)[number];
export const emailOf = (role: Role) => `${role}@firstparty.demo`;
export const storageStateOf = (role: Role) => `e2e/.auth/${role}.json`;
/**
 * The most a dashboard's figures can lag: they are shared for at most FIGURES_MAX_AGE seconds (5
 * by default, as this server runs), though any stored change has them read again at once. A test
 * waits this long for a change to show, and no longer.
 */
export const FIGURES_FRESH_WITHIN_MS = 5_000 + 2_000;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A dashboard API's figures as they are now: read after this call began, not a shared copy read
 * before an earlier change. Last-Modified counts whole seconds, so the first request waits for
 * the next second (a copy read in the same second as the call could not be told from an older
 * one).
 */
export async function figuresReadNow<T>(request: APIRequestContext, path: string): Promise<T> {
  const since = Date.now();
  await sleep(1_010 - (since % 1_000));
  for (const started = Date.now(); ;) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(200);
    const readAt = Date.parse(response.headers()["last-modified"] ?? "");
    if (readAt > since) return (await response.json()) as T;
    expect(Date.now() - started, `fresh figures from ${path}`).toBeLessThan(
      FIGURES_FRESH_WITHIN_MS,
    );
    await sleep(250);
  }
}

/**
 * Fields that stand side by side within each group (a filter's toolbar, a table row of inputs)
 * but not at the same top or height, described one pair at a time; and how many pairs were
 * compared, so a check can require that it had something to compare.
 */
export async function misalignedFields(page: Page, groups: string) {
  return page.evaluate((selector) => {
    const out: string[] = [];
    let pairs = 0;
    for (const group of document.querySelectorAll(selector)) {
      const boxes = [
        ...group.querySelectorAll<HTMLElement>(
          "input:not([type=hidden], [type=checkbox], [type=radio]), select",
        ),
      ].map((el) => ({
        name: el.getAttribute("aria-label") ?? el.getAttribute("name") ?? el.id,
        box: el.getBoundingClientRect(),
      }));
      for (const a of boxes)
        for (const b of boxes) {
          const sideBySide = a.box.top < b.box.bottom && b.box.top < a.box.bottom;
          if (a === b || !sideBySide) continue;
          pairs++;
          if (Math.abs(a.box.top - b.box.top) > 1 || Math.abs(a.box.height - b.box.height) > 1)
            out.push(
              `${a.name} (${Math.round(a.box.top)}, ${Math.round(a.box.height)} px) beside ${b.name} (${Math.round(b.box.top)}, ${Math.round(b.box.height)} px)`,
            );
        }
    }
    return { misaligned: out, pairs };
  }, groups);
}

export const dashboardPages = [
  "/",
  "/sources",
  "/consent",
  "/laws",
  "/profiles",
  "/definitions",
  "/api-reference",
];
export const privacyPages = ["/audit"];
export const adminPages = [
  "/admin/purposes",
  "/admin/sources",
  "/admin/profiles",
  "/admin/imports",
  "/admin/users",
  "/admin/api-keys",
  "/admin/preference-center",
];

export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/** A page in a new, signed-out browser context. */
export async function freshPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  return context.newPage();
}

/**
 * Invites `email` as the admin of `page` (with a name and a role when given; the form's default
 * role otherwise) and returns the temporary password shown.
 */
export async function invite(
  page: Page,
  email: string,
  options: { name?: string; role?: Role } = {},
): Promise<string> {
  await page.goto("/admin/users");
  await page.getByLabel("Email").fill(email);
  if (options.name) await page.getByLabel("Name (optional)").fill(options.name);
  if (options.role) await page.getByLabel("Role", { exact: true }).selectOption(options.role);
  await page.getByRole("button", { name: "Invite" }).click();
  return (await page.getByTestId("temporary-password").textContent())!.trim();
}

export async function expectSignedIn(page: Page) {
  await expect(page.getByTestId("current-user")).toBeVisible();
}

/** A group of tests signed in as `role` (the session auth.setup.ts saved for it). */
export function describeAs(role: Role, title: string, body: () => void) {
  test.describe(title, () => {
    test.use({ storageState: storageStateOf(role) });
    body();
  });
}
