import { expect, test } from "@playwright/test";
import { describeAs } from "./helpers";

function expectHardened(headers: Record<string, string>) {
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["strict-transport-security"]).toMatch(/max-age=\d+/);
}

test("pages carry a nonce-based CSP without unsafe-inline scripts, and the other security headers", async ({
  page,
}) => {
  const response = await page.goto("/login");
  const headers = response!.headers();
  expectHardened(headers);
  const csp = headers["content-security-policy"]!;
  const scriptSrc = csp
    .split(";")
    .map((d) => d.trim())
    .find((d) => d.startsWith("script-src"))!;
  expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/=]+'/);
  expect(scriptSrc).not.toContain("unsafe-inline");
  expect(scriptSrc).not.toContain("unsafe-eval");
  expect(csp).toContain("frame-ancestors 'none'");
  // Every script the page loaded carries that nonce, and the page hydrated (the form works).
  const nonce = scriptSrc.match(/'nonce-([^']+)'/)![1];
  const scripts = await page
    .locator("script")
    .evaluateAll((els) => els.map((e) => (e as HTMLScriptElement).nonce));
  expect(scripts.length).toBeGreaterThan(0);
  expect(new Set(scripts)).toEqual(new Set([nonce]));
  // A second request gets a different nonce.
  const again = (await page.request.get("/login")).headers()["content-security-policy"];
  expect(again).not.toBe(csp);
});

test("API responses and static files are hardened too", async ({ page }) => {
  const health = await page.request.get("/api/health");
  expectHardened(health.headers());
  expect(health.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  // The API's routes, which the proxy does not see (it would hold their bodies), too.
  const refused = await page.request.get("/api/v1/metrics/consent", {
    headers: { authorization: "Bearer fp_not-a-key" },
  });
  expect(refused.status()).toBe(401);
  expectHardened(refused.headers());
  expect(refused.headers()["content-security-policy"]).toBe(
    "default-src 'none'; frame-ancestors 'none'",
  );
  await page.goto("/login");
  const asset = await page.locator("script[src^='/_next/static/']").first().getAttribute("src");
  const staticResponse = await page.request.get(asset!);
  expect(staticResponse.status()).toBe(200);
  expectHardened(staticResponse.headers());
  expect(staticResponse.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
});

describeAs("admin", "signed-in API answers", () => {
  test("are kept by no cache: a customer's record, keys, the model and every other answer", async ({
    page,
  }) => {
    for (const path of [
      "/api/v1/subjects/cust-0000002/consents",
      "/api/v1/api-keys",
      "/api/v1/profiles/model",
      "/api/v1/metrics/preference-center",
      "/api/v1/metrics/consent",
      "/api/v1/purposes",
      "/api/v1/laws",
    ]) {
      const response = await page.request.get(path);
      expect(response.status(), path).toBe(200);
      expect(response.headers()["cache-control"], path).toMatch(/\bno-store\b/);
    }
  });
});
