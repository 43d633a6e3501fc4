import { defineConfig, devices } from "@playwright/test";

// End-to-end tests drive the production build (`next build` first) in Debian's Chromium, on a
// fresh embedded database seeded with the demo accounts.
const PORT = Number(process.env.E2E_PORT ?? 3100);
export const baseURL = `http://127.0.0.1:${PORT}`;
export const e2eDataDir = ".data/e2e";
// The app e-mails password links to a real SMTP server the tests start (e2e/mail/).
export const SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? 3125);
export const mailDir = ".data/e2e-mail";

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
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
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
        SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}`,
        MAIL_FROM: "Firstparty <firstparty@example.com>",
      },
    },
  ],
});
