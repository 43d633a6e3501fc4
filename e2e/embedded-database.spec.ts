import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { e2eDataDir } from "../playwright.config";

const run = promisify(execFile);

test("the health check reports the embedded database", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok", database: "pglite" });
});

test("npm run seed while the server runs is refused, naming the folder, and the server keeps working", async ({
  request,
}) => {
  const dir = path.resolve(e2eDataDir, "pglite");
  const result = await run("npm", ["run", "seed", "--silent"], {
    env: { ...process.env, PGLITE_DIR: dir, DATABASE_URL: "" },
  }).then(
    () => ({ code: 0, stderr: "" }),
    (error: { code: number; stderr: string }) => error,
  );
  expect(result.code).not.toBe(0);
  expect(result.stderr).toContain(`The embedded database at ${dir} is in use by process`);
  expect(result.stderr).toContain("server.mjs");
  const health = await request.get("/api/health");
  expect(health.status()).toBe(200);
});
