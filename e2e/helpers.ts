import { expect, test, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "firstparty-demo";
export const roles = ["admin", "privacy", "marketing"] as const;
export type Role = (typeof roles)[number];
export const emailOf = (role: Role) => `${role}@firstparty.demo`;
export const storageStateOf = (role: Role) => `e2e/.auth/${role}.json`;

export const dashboardPages = ["/", "/sources", "/consent", "/laws", "/profiles", "/api-reference"];
export const privacyPages = ["/audit"];
export const adminPages = [
  "/admin/purposes",
  "/admin/sources",
  "/admin/profiles",
  "/admin/users",
  "/admin/api-keys",
];

export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
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
