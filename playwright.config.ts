import { defineConfig, devices } from "@playwright/test";
import chromiumFlags from "./scripts/lib/chromium-flags.json";

// End-to-end tests drive the production build (`next build` first) in Debian's Chromium, on a
// fresh embedded database seeded with the demo accounts.
const PORT = Number(process.env.E2E_PORT ?? 3100);
export const baseURL = `http://127.0.0.1:${PORT}`;
export const e2eDataDir = ".data/e2e";
// The app e-mails password links to a real SMTP server the tests start (e2e/mail/).
export const SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? 3125);
export const mailDir = ".data/e2e-mail";

// A real OpenID provider (e2e/oidc/provider.mjs) runs next to the app, so the app starts with
// single sign-on switched on and e2e/sso.spec.ts signs in through it.
const OIDC_PORT = Number(process.env.E2E_OIDC_PORT ?? 3109);
export const oidcTest = {
  issuer: `http://127.0.0.1:${OIDC_PORT}`,
  clientId: "firstparty-e2e",
  clientSecret: "firstparty-e2e-client-secret-for-tests-only",
  name: "Test IdP",
};

// A second instance as an operator first starts one: no demo data, one admin made with
// `npm run admin:create`, whose one-time link e2e/first-run.spec.ts opens.
const FRESH_PORT = Number(process.env.E2E_FRESH_PORT ?? 3101);
export const freshURL = `http://127.0.0.1:${FRESH_PORT}`;
export const freshDataDir = ".data/e2e-fresh";
export const freshAdmin = "first-admin@example.com";

export default defineConfig({
  testDir: "./e2e",
  outputDir: "./test-results",
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  workers: 1,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: ".data/test-results/playwright.json" }]],
  use: {
    baseURL,
    trace: "on-first-retry",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      // The same switches as the Lighthouse run (scripts/lighthouse.mjs): no sandbox, GPU or
      // background traffic on a server without a display.
      args: chromiumFlags,
    },
  },
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts/ },
    { name: "chromium", use: { ...devices["Desktop Chrome"] }, dependencies: ["setup"] },
  ],
  webServer: [
    {
      command: "node e2e/mail/smtp-catcher.mjs",
      port: SMTP_PORT,
      reuseExistingServer: false,
      env: { E2E_SMTP_PORT: String(SMTP_PORT), E2E_MAIL_DIR: mailDir },
    },
    {
      command: "node e2e/oidc/provider.mjs",
      url: `${oidcTest.issuer}/.well-known/openid-configuration`,
      timeout: 30_000,
      reuseExistingServer: false,
      stdout: "pipe",
      env: {
        OIDC_ISSUER: oidcTest.issuer,
        OIDC_CLIENT_ID: oidcTest.clientId,
        OIDC_CLIENT_SECRET: oidcTest.clientSecret,
        OIDC_REDIRECT_URI: `${baseURL}/api/auth/callback/oidc`,
      },
    },
    {
      command: `rm -rf ${e2eDataDir} && node server.mjs -H 127.0.0.1 -p ${PORT}`,
      url: `${baseURL}/api/health`,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: "pipe",
      env: {
        PGLITE_DIR: `${e2eDataDir}/pglite`,
        DATABASE_URL: "",
        NEXTAUTH_URL: baseURL,
        SEED_DEMO: "",
        // e2e/helpers.ts's FIGURES_FRESH_WITHIN_MS relies on it, whatever the shell exports.
        FIGURES_MAX_AGE: "5",
        SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}`,
        MAIL_FROM: "Firstparty <firstparty@example.com>",
        OIDC_ISSUER: oidcTest.issuer,
        OIDC_CLIENT_ID: oidcTest.clientId,
        OIDC_CLIENT_SECRET: oidcTest.clientSecret,
        OIDC_NAME: oidcTest.name,
      },
    },
    {
      command: [
        `rm -rf ${freshDataDir} && mkdir -p ${freshDataDir}`,
        `npx tsx --conditions=react-server scripts/admin-create.ts --email ${freshAdmin} > ${freshDataDir}/admin-create.txt`,
        `node server.mjs -H 127.0.0.1 -p ${FRESH_PORT}`,
      ].join(" && "),
      url: `${freshURL}/api/health`,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: "pipe",
      env: {
        PGLITE_DIR: `${freshDataDir}/pglite`,
        DATABASE_URL: "",
        NEXTAUTH_URL: freshURL,
        SEED_DEMO: "",
        FIGURES_MAX_AGE: "5",
      },
    },
  ],
});
