import { expect, test } from "@playwright/test";
import { api } from "./api/client";
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
  await page.getByLabel("Expiry").selectOption({ label: "In 90 days" });
  const asked = Date.now();
  await page.getByRole("button", { name: "Create key" }).click();
  const key = (await page.getByTestId("api-key-secret").textContent())!.trim();
  expect(key).toMatch(/^fp_/);

  const context = await playwright.request.newContext({ baseURL });
  const client = api(context, key);
  const listed = await client.GET("/api/v1/api-keys");
  expect(listed.response.status).toBe(200);
  const made = listed.data!.apiKeys.find((k) => k.name === name);
  // It stops working 90 days after it was made.
  const ninetyDays = 90 * 86_400_000;
  expect(Date.parse(made!.expiresAt!)).toBeGreaterThanOrEqual(asked + ninetyDays - 1000);
  expect(Date.parse(made!.expiresAt!)).toBeLessThanOrEqual(Date.now() + ninetyDays);
  expect(JSON.stringify(listed.data)).not.toContain(key);

  // The other system makes a key of its own with it: the page says which key made it.
  const heirName = `${name} heir`;
  const heir = await client.POST("/api/v1/api-keys", {
    body: { name: heirName, scopes: ["read"] },
  });
  expect(heir.response.status).toBe(201);
  expect(heir.data!.apiKey.createdByKey).toBe(made!.id);

  await page.reload();
  const heirRow = page.getByTestId(`api-key-row-${heirName}`);
  await expect(heirRow).toContainText(`made with key ${name}`);
  const row = page.getByTestId(`api-key-row-${name}`);
  await row.getByRole("button", { name: `Revoke key ${name}` }).click();
  await expect(row.getByTestId("api-key-status")).toContainText("Revoked");
  // Revoking a key revokes the keys made with it.
  await expect(heirRow.getByTestId("api-key-status")).toContainText("Revoked");
  const heirClient = api(context, heir.data!.key);
  expect((await heirClient.GET("/api/v1/purposes")).response.status).toBe(401);
  const after = await client.GET("/api/v1/api-keys");
  expect(after.response.status).toBe(401);
  expect(after.error?.error).toEqual(expect.any(String));
  await context.dispose();
});

test("the API creates keys for admins and answers bad input with 422 naming the fields", async ({
  page,
}) => {
  const bad = await page.request.post("/api/v1/api-keys", { data: { name: "", scopes: ["root"] } });
  expect(bad.status()).toBe(422);
  const body = await bad.json();
  expect(body.error).toEqual(expect.any(String));
  expect(body.issues.map((i: { path: (string | number)[] }) => i.path.join(".")).sort()).toEqual([
    "name",
    "scopes.0",
  ]);

  const notJson = await page.request.post("/api/v1/api-keys", {
    headers: { "content-type": "application/json" },
    data: Buffer.from("{oops"),
  });
  expect(notJson.status()).toBe(400);

  const admin = api(page.request);
  const created = await admin.POST("/api/v1/api-keys", {
    body: { name: "Feeder", scopes: ["ingest"] },
  });
  expect(created.response.status).toBe(201);
  const { id, key, apiKey } = created.data!;
  expect(key).toMatch(/^fp_/);
  expect(apiKey).toMatchObject({ id, name: "Feeder", scopes: ["ingest"], revokedAt: null });

  // An ingest key is not an admin key.
  const ingestOnly = await api(page.request, key).GET("/api/v1/api-keys");
  expect(ingestOnly.response.status).toBe(403);

  const revoke = (keyId: string) =>
    admin.DELETE("/api/v1/api-keys/{id}", { params: { path: { id: keyId } } });
  const revoked = await revoke(id);
  expect(revoked.response.status).toBe(200);
  expect(revoked.data!.apiKey.revokedAt).toEqual(expect.any(String));
  expect((await revoke("not-a-uuid")).response.status).toBe(404);
  expect((await page.request.get("/api/v1/no-such-route")).status()).toBe(404);
});
