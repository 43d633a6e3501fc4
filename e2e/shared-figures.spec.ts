import { expect, test } from "@playwright/test";
import { storageStateOf } from "./helpers";

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
  for (const path of dashboardApis) {
    const asked = Date.now();
    const first = await page.request.get(path);
    expect(first.status(), path).toBe(200);
    const headers = first.headers();
    expect(headers["cache-control"], path).toBe("private, no-store");
    const read = Date.parse(headers["last-modified"] ?? "");
    // Read at most FIGURES_MAX_AGE (5 s here) before it was asked for, to the header's second.
    expect(read, path).toBeGreaterThan(asked - 7_000);
    expect(read, path).toBeLessThanOrEqual(Date.now());
    // Asked again at once, the same read answers: nothing in between changed the catalog.
    const again = await page.request.get(path);
    expect(again.headers()["last-modified"], path).toBe(headers["last-modified"]);
    expect(await again.json(), path).toEqual(await first.json());
  }
});
