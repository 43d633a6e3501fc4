import { expect, test } from "@playwright/test";
import { storageStateOf } from "./helpers";

test.use({ storageState: storageStateOf("admin") });

test("an admin creates a key in the UI, another system uses it, and revoking it stops it", async ({
  page,
  playwright,
  baseURL,
}) => {
  const name = `Reporting ${Date.now()}`;
  await page.goto("/admin/api-keys");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel(/admin —/).check();
  await page.getByRole("button", { name: "Create key" }).click();
  const key = (await page.getByTestId("api-key-secret").textContent())!.trim();
  expect(key).toMatch(/^fp_/);

  const client = await playwright.request.newContext({
    baseURL,
    extraHTTPHeaders: { authorization: `Bearer ${key}` },
  });
  const listed = await client.get("/api/v1/api-keys");
  expect(listed.status()).toBe(200);
  const body = await listed.json();
  expect(body.apiKeys.map((k: { name: string }) => k.name)).toContain(name);
  expect(JSON.stringify(body)).not.toContain(key);

  await page.reload();
  const row = page.getByTestId(`api-key-row-${name}`);
  await row.getByRole("button", { name: `Revoke key ${name}` }).click();
  await expect(row.getByTestId("api-key-status")).toContainText("Revoked");
  const after = await client.get("/api/v1/api-keys");
  expect(after.status()).toBe(401);
  await client.dispose();
});

test("the API creates keys for admins and answers bad input with 422 naming the fields", async ({
  page,
}) => {
  const bad = await page.request.post("/api/v1/api-keys", { data: { name: "", scopes: ["root"] } });
  expect(bad.status()).toBe(422);
  const body = await bad.json();
  expect(body.error).toEqual(expect.any(String));
  expect(body.issues.map((i: { path: string }) => i.path).sort()).toEqual(["name", "scopes.0"]);

  const notJson = await page.request.post("/api/v1/api-keys", {
    headers: { "content-type": "application/json" },
    data: Buffer.from("{oops"),
  });
  expect(notJson.status()).toBe(400);

  const created = await page.request.post("/api/v1/api-keys", {
    data: { name: "Feeder", scopes: ["ingest"] },
  });
  expect(created.status()).toBe(201);
  const { id, key } = await created.json();
  expect(key).toMatch(/^fp_/);

  // An ingest key is not an admin key.
  const ingestOnly = await page.request.get("/api/v1/api-keys", {
    headers: { authorization: `Bearer ${key}` },
  });
  expect(ingestOnly.status()).toBe(403);

  expect((await page.request.delete(`/api/v1/api-keys/${id}`)).status()).toBe(200);
  expect((await page.request.delete("/api/v1/api-keys/not-a-uuid")).status()).toBe(404);
  expect((await page.request.get("/api/v1/no-such-route")).status()).toBe(404);
});
