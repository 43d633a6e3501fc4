import { readFileSync } from "node:fs";
import { desc, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeys, auditEvents, users } from "@/db/schema";
import { NotFoundError, RuleError } from "@/lib/errors";
import { changeRole, inviteUser, setDisabled } from "@/lib/users";
import { createTestDatabase, testDriver, type TestDatabase } from "@/tests/database";
import { authenticateApiKey, createApiKey, listApiKeys, revokeApiKey } from ".";

let t: TestDatabase;
const system = { type: "system", label: "test" } as const;
let actor: { type: "user"; id: string; label: string; role: "admin" };
let root: typeof actor;
const at = new Date("2026-11-29T12:00:00Z");

async function admin(email: string) {
  const { user } = await inviteUser(t.db, system, { email, role: "admin" });
  return { type: "user" as const, id: user.id, label: user.email, role: "admin" as const };
}

beforeAll(async () => {
  t = await createTestDatabase();
  root = await admin("root@example.com");
  actor = await admin("keys@example.com");
});
afterAll(() => t?.drop());

/** A request made with the admin key `id` (named `label`), as the API authenticates it. */
const asKey = (id: string, label = "key") => ({
  type: "api_key" as const,
  id,
  label,
  scopes: ["admin" as const],
});

/** An admin key made by the test admin, a key made with it, and one made with that. */
async function keyFamily(names: [string, string, string]) {
  const root = await createApiKey(t.db, actor, { name: names[0], scopes: ["admin"] });
  const child = await createApiKey(t.db, asKey(root.id), { name: names[1], scopes: ["admin"] });
  const grandchild = await createApiKey(t.db, asKey(child.id), {
    name: names[2],
    scopes: ["read"],
  });
  return { root, child, grandchild };
}

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

  it("lists each key with its owner and expiry", async () => {
    const expiresAt = "2027-01-01T00:00:00Z";
    const { id } = await createApiKey(
      t.db,
      actor,
      { name: "Expiring", scopes: ["read"], expiresAt },
      { at },
    );
    const listed = (await listApiKeys(t.db)).find((k) => k.id === id);
    expect(listed).toMatchObject({ owner: "keys@example.com" });
    expect(listed?.expiresAt?.toISOString()).toBe("2027-01-01T00:00:00.000Z");
  });

  it("stops a key when it expires, and refuses an expiry in the past", async () => {
    const { key } = await createApiKey(
      t.db,
      actor,
      { name: "Short", scopes: ["ingest"], expiresAt: "2026-11-30T00:00:00Z" },
      { at },
    );
    expect(await authenticateApiKey(t.db, key, at)).toBeDefined();
    expect(await authenticateApiKey(t.db, key, new Date("2026-11-30T00:00:00Z"))).toBeUndefined();
    await expect(
      createApiKey(
        t.db,
        actor,
        { name: "Past", scopes: ["read"], expiresAt: "2026-11-01T00:00:00Z" },
        { at },
      ),
    ).rejects.toBeInstanceOf(RuleError);
  });

  it("stops a key while its owner is disabled, and for good once they lose the role its scopes need", async () => {
    const owner = await admin("owner@example.com");
    const made = await createApiKey(t.db, owner, { name: "Ingest", scopes: ["ingest"] });
    const ingest = made.key;
    const read = (await createApiKey(t.db, owner, { name: "Read", scopes: ["read"] })).key;
    await setDisabled(t.db, root, { userId: owner.id, disabled: true });
    expect(await authenticateApiKey(t.db, ingest, at)).toBeUndefined();
    expect(await authenticateApiKey(t.db, read, at)).toBeUndefined();
    await setDisabled(t.db, root, { userId: owner.id, disabled: false });
    expect(await authenticateApiKey(t.db, ingest, at)).toBeDefined();
    // Demoted to marketing: reading is still theirs to delegate, ingesting is not.
    await changeRole(t.db, root, { userId: owner.id, role: "marketing" });
    expect(await authenticateApiKey(t.db, ingest, at)).toBeUndefined();
    expect(await authenticateApiKey(t.db, read, at)).toBeDefined();
    // Promoted back, the ingest key stays revoked (it may have leaked meanwhile).
    await changeRole(t.db, root, { userId: owner.id, role: "admin" });
    expect(await authenticateApiKey(t.db, ingest, at)).toBeUndefined();
    expect(await authenticateApiKey(t.db, read, at)).toBeDefined();
    const revoked = await t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "api_key.revoke"));
    expect(
      revoked.filter((e) => e.entityId === made.id).map((e) => [e.actorLabel, e.detail]),
    ).toEqual([[root.label, { reason: "owner_role_changed", ownerRole: "marketing" }]]);
  });

  it("revokes a key paused by a demotion of an earlier release when its owner is promoted back", async () => {
    const owner = await admin("paused@example.com");
    const made = await createApiKey(t.db, owner, { name: "Paused", scopes: ["ingest"] });
    // Demoted by a release that paused such keys instead of revoking them.
    const listed = async () => (await listApiKeys(t.db)).find((k) => k.id === made.id);
    expect(await listed()).toMatchObject({ ownerLacksRole: false, ownerDisabled: false });
    await t.db.update(users).set({ role: "marketing" }).where(eq(users.id, owner.id));
    expect(await authenticateApiKey(t.db, made.key, at)).toBeUndefined();
    // Listed as working for no one, as authenticateApiKey treats it, not as active.
    expect(await listed()).toMatchObject({ ownerLacksRole: true, revokedAt: null });
    await changeRole(t.db, root, { userId: owner.id, role: "admin" });
    expect(await authenticateApiKey(t.db, made.key, at)).toBeUndefined();
    const [key] = await t.db.select().from(apiKeys).where(eq(apiKeys.id, made.id));
    expect(key?.revokedAt).not.toBeNull();
  });

  it("lists a key with no owner on record as working for no one", async () => {
    // Keys of a release that did not record owners: authenticateApiKey refuses them.
    const [row] = await t.db
      .insert(apiKeys)
      .values({
        name: "Ownerless",
        prefix: "fp_ownerle",
        keyHash: "0".repeat(64),
        scopes: ["read"],
      })
      .returning();
    const listed = (await listApiKeys(t.db)).find((k) => k.id === row!.id);
    expect(listed).toMatchObject({ owner: null, ownerLacksRole: true, ownerDisabled: false });
  });

  it("lists a disabled owner's keys as held back by them", async () => {
    const owner = await admin("on-leave@example.com");
    const { id } = await createApiKey(t.db, owner, { name: "Leave", scopes: ["read"] });
    const listed = async () => (await listApiKeys(t.db)).find((k) => k.id === id);
    expect(await listed()).toMatchObject({ owner: "on-leave@example.com", ownerDisabled: false });
    await setDisabled(t.db, root, { userId: owner.id, disabled: true });
    expect(await listed()).toMatchObject({ ownerDisabled: true, revokedAt: null });
  });

  it("a key made with an admin key belongs to that key's owner", async () => {
    const { id: adminKeyId } = await createApiKey(t.db, actor, {
      name: "Admin",
      scopes: ["admin"],
    });
    const keyActor = asKey(adminKeyId, "Admin");
    const { id } = await createApiKey(t.db, keyActor, { name: "Child", scopes: ["read"] });
    const [row] = await t.db.select().from(apiKeys).where(eq(apiKeys.id, id));
    expect(row?.createdBy).toBe(actor.id);
    const [owner] = await t.db.select().from(users).where(eq(users.id, row!.createdBy!));
    expect(owner?.email).toBe("keys@example.com");
  });

  it("a key made with an expiring key expires with it, never later", async () => {
    const expires = "2026-12-29T12:00:00.000Z";
    const { id: parentId } = await createApiKey(
      t.db,
      actor,
      { name: "Contractor", scopes: ["admin"], expiresAt: expires },
      { at },
    );
    const keyActor = asKey(parentId, "Contractor");
    // None asked for: it takes the expiry of the key that made it.
    const child = await createApiKey(t.db, keyActor, { name: "Child", scopes: ["admin"] }, { at });
    expect(child.apiKey.expiresAt?.toISOString()).toBe(expires);
    expect(
      (
        await createApiKey(
          t.db,
          keyActor,
          { name: "Sooner", scopes: ["read"], expiresAt: "2026-12-01T00:00:00Z" },
          { at },
        )
      ).apiKey.expiresAt?.toISOString(),
    ).toBe("2026-12-01T00:00:00.000Z");
    const later = createApiKey(
      t.db,
      keyActor,
      { name: "Later", scopes: ["read"], expiresAt: "2027-06-01T00:00:00Z" },
      { at },
    );
    await expect(later).rejects.toBeInstanceOf(RuleError);
    await expect(later).rejects.toMatchObject({
      issues: [{ path: "expiresAt", message: "validation.apiKeyExpiryAfterCreator" }],
    });
    expect(await listApiKeys(t.db)).not.toContainEqual(expect.objectContaining({ name: "Later" }));
  });

  it("revokes with a key every key made with it, and theirs, each audited", async () => {
    const { root: leaked, child, grandchild } = await keyFamily(["Leaked", "Heir", "Heir of heir"]);
    const other = await createApiKey(t.db, actor, { name: "Unrelated", scopes: ["read"] });
    expect(child.apiKey.createdByKey).toBe(leaked.id);
    expect(leaked.apiKey.createdByKey).toBeNull();

    await revokeApiKey(t.db, actor, leaked.id, at);
    for (const k of [leaked, child, grandchild]) {
      expect(await authenticateApiKey(t.db, k.key, at)).toBeUndefined();
    }
    expect((await authenticateApiKey(t.db, other.key, at))?.id).toBe(other.id);
    const revokes = await t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "api_key.revoke"));
    const detailOf = (id: string) => revokes.find((e) => e.entityId === id)?.detail;
    expect(detailOf(child.id)).toEqual({ revokedWith: leaked.id });
    expect(detailOf(grandchild.id)).toEqual({ revokedWith: leaked.id });
    expect(detailOf(leaked.id)).toEqual({
      heirsRevoked: [child.id, grandchild.id].sort(),
    });
    expect(revokes.some((e) => e.entityId === other.id)).toBe(false);
  });

  it("knows which key made a key created before keys remembered it (from the audit trail)", async () => {
    const parent = await createApiKey(t.db, actor, { name: "Old parent", scopes: ["admin"] });
    const heir = await createApiKey(t.db, asKey(parent.id, "Old parent"), {
      name: "Old heir",
      scopes: ["read"],
    });
    // A key revoked before the upgrade, whose heir still works.
    const gone = await createApiKey(t.db, actor, { name: "Revoked long ago", scopes: ["admin"] });
    const orphan = await createApiKey(t.db, asKey(gone.id, "Revoked long ago"), {
      name: "Its heir",
      scopes: ["read"],
    });
    // As a database from before migration 0031 holds them.
    await t.db
      .update(apiKeys)
      .set({ createdByKey: null })
      .where(inArray(apiKeys.id, [heir.id, orphan.id]));
    await t.db.update(apiKeys).set({ revokedAt: at }).where(eq(apiKeys.id, gone.id));
    const statements = readFileSync("db/migrations/0031_api_key_heirs.sql", "utf8").split(
      "--> statement-breakpoint",
    );
    for (const statement of statements.slice(2)) await t.db.execute(sql.raw(statement));
    const [row] = await t.db.select().from(apiKeys).where(eq(apiKeys.id, heir.id));
    expect(row?.createdByKey).toBe(parent.id);
    expect(await authenticateApiKey(t.db, heir.key, at)).toBeDefined();
    // The heir of the key revoked before stops, audited as the upgrade's doing.
    expect(await authenticateApiKey(t.db, orphan.key, at)).toBeUndefined();
    const [audit] = await t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.entityId, orphan.id))
      .orderBy(desc(auditEvents.id))
      .limit(1);
    expect(audit).toMatchObject({
      actorType: "system",
      action: "api_key.revoke",
      detail: { revokedWith: gone.id },
    });
    await revokeApiKey(t.db, actor, parent.id, at);
    expect(await authenticateApiKey(t.db, heir.key, at)).toBeUndefined();
  });

  it("refuses to make a key with a key revoked meanwhile, and revokes what related revocations race to", async () => {
    const { root: maker, child, grandchild } = await keyFamily(["Maker", "Child", "Grandchild"]);
    // Revoking the maker and its child at once: both finish, neither deadlocks.
    await Promise.all([
      revokeApiKey(t.db, actor, maker.id, at),
      revokeApiKey(t.db, actor, child.id, at),
    ]);
    for (const k of [maker, child, grandchild])
      expect(await authenticateApiKey(t.db, k.key, at)).toBeUndefined();
    // A request authenticated just before the revocation cannot make a key with it after.
    await expect(
      createApiKey(t.db, asKey(maker.id, "Maker"), { name: "Too late", scopes: ["read"] }),
    ).rejects.toMatchObject({ status: 401 });
    expect(await listApiKeys(t.db)).not.toContainEqual(
      expect.objectContaining({ name: "Too late" }),
    );
  });

  it("answers NotFound for an unknown key id", async () => {
    await expect(
      revokeApiKey(t.db, actor, "00000000-0000-4000-8000-000000000000", at),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(revokeApiKey(t.db, actor, "not-a-uuid", at)).rejects.toBeInstanceOf(NotFoundError);
  });
});
