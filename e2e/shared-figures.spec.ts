import { expect, test } from "@playwright/test";
import { sleep, storageStateOf } from "./helpers";

/** Every dashboard's figures API: the figures a dashboard shows, shared by all who may see them. */
const dashboardApis = [
  "/api/v1/metrics/overview",
  "/api/v1/metrics/consent",
  "/api/v1/metrics/sources",
  "/api/v1/metrics/profiles",
  "/api/v1/laws",
  "/api/v1/metrics/phase-out",
  "/api/v1/metrics/phase-out?retire=web-shop",
];

test.use({ storageState: storageStateOf("marketing") });

test("every dashboard's figures say when they were read, and callers share one read", async ({
  page,
}) => {
  // FIGURES_MAX_AGE is 5 s on the test server (playwright.config.ts).
  for (const path of dashboardApis) {
    // Asked until the answer was read less than 3 s ago, so the shared copy outlives the test.
    let first;
    let read = 0;
    for (const started = Date.now(); ; await sleep(250)) {
      first = await page.request.get(path);
      expect(first.status(), path).toBe(200);
      expect(first.headers()["cache-control"], path).toBe("private, no-store");
      read = Date.parse(first.headers()["last-modified"] ?? "");
      // Never older than FIGURES_MAX_AGE, to the header's whole second.
      expect(Date.now() - read, path).toBeLessThan(6_000 + 1_000);
      if (Date.now() - read < 3_000) break;
      expect(Date.now() - started, `${path}: a fresh read`).toBeLessThan(7_000);
    }
    // Asked again in a later second: a second read would say that second, the shared one its own.
    await sleep(Math.max(0, read + 1_050 - Date.now()));
    const again = await page.request.get(path);
    expect(again.headers()["last-modified"], path).toBe(first.headers()["last-modified"]);
    expect(await again.json(), path).toEqual(await first.json());
  }
});
