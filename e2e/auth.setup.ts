import { test as setup } from "@playwright/test";
import { DEMO_PASSWORD, emailOf, expectSignedIn, roles, signIn, storageStateOf } from "./helpers";

for (const role of roles) {
  setup(`the ${role} demo user signs in`, async ({ page }) => {
    await signIn(page, emailOf(role), DEMO_PASSWORD);
    await page.waitForURL("/");
    await expectSignedIn(page);
    await page.context().storageState({ path: storageStateOf(role) });
  });
}
