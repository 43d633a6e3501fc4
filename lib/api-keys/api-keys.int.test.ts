import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeys, auditEvents } from "@/db/schema";
import { NotFoundError } from "@/lib/errors";
import { createTestDatabase, testDriver, type TestDatabase } from "@/tests/database";
import { authenticateApiKey, createApiKey, listApiKeys, revokeApiKey } from ".";

let t: TestDatabase;
const actor = { type: "system", label: "test" } as const;
const at = new Date("2026-11-29T12:00:00Z");

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.drop());

describe(`API keys on ${testDriver}`, () => {
  it("stores only the hash, authenticates the key, and audits creation", async () => {
    const { id, key } = await createApiKey(t.db, actor, { name: "CRM", scopes: ["ingest"] });
    const [row] = await t.db.select().from(apiKeys).where(eq(apiKeys.id, id));
    expect(JSON.stringify(row)).not.toContain(key);
    expect((await authenticateApiKey(t.db, key, at))?.id).toBe(id);
    expect(await authenticateApiKey(t.db, key.slice(0, -1) + "x", at)).toBeUndefined();
    expect(await authenticateApiKey(t.db, "Bearer nonsense", at)).toBeUndefined();
    const events = await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, id));
    expect(events.map((e) => e.action)).toEqual(["api_key.create"]);
    expect(JSON.stringify(events)).not.toContain(key);
  });

  it("records when a key was last used", async () => {
    const { id, key } = await createApiKey(t.db, actor, { name: "Used", scopes: ["read"] });
    await authenticateApiKey(t.db, key, at);
    const listed = (await listApiKeys(t.db)).find((k) => k.id === id);
    expect(listed?.lastUsedAt?.toISOString()).toBe(at.toISOString());
    expect(listed).not.toHaveProperty("keyHash");
  });

  it("stops a revoked key at once and audits the revocation", async () => {
    const { id, key } = await createApiKey(t.db, actor, { name: "Old", scopes: ["read", "admin"] });
    const revoked = await revokeApiKey(t.db, actor, id, at);
    expect(revoked.revokedAt?.toISOString()).toBe(at.toISOString());
    expect(await authenticateApiKey(t.db, key, at)).toBeUndefined();
    const actions = (await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, id))).map(
      (e) => e.action,
    );
    expect(actions).toEqual(["api_key.create", "api_key.revoke"]);
  });

  it("answers NotFound for an unknown key id", async () => {
    await expect(
      revokeApiKey(t.db, actor, "00000000-0000-4000-8000-000000000000", at),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(revokeApiKey(t.db, actor, "not-a-uuid", at)).rejects.toBeInstanceOf(NotFoundError);
  });
});
