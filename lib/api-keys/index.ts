import "server-only";
/**
 * API keys: 256-bit random secrets shown once at creation, stored as SHA-256, scoped
 * (`ingest`, `read`, `admin`), revocable, optionally expiring. Every key has an owner (the
 * admin who made it) and works only while its owner is enabled and holds the role its scopes
 * need (a role change that takes it away revokes the key); a key made with another key is
 * revoked with it. Every change is audited in its
 * transaction.
 */
import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db, Tx } from "@/db/connect";
import { apiKeys, users, type ApiKey, type Role } from "@/db/schema";
import { holdAccess, recordAudit, unheld, type Actor } from "@/lib/audit/record";
import { ownerMayHold } from "@/lib/auth/permissions";
import { HttpError, NotFoundError, RuleError } from "@/lib/errors";
import { retryTransaction } from "@/lib/db-errors";
import { rowsOf } from "@/lib/sql-rows";
import { createApiKeySchema } from "./schema";

const KEY_PREFIX = "fp_";

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

export function generateApiKey(): string {
  return KEY_PREFIX + randomBytes(32).toString("base64url");
}

export type ApiKeySummary = Omit<ApiKey, "keyHash">;

function summary(row: ApiKey): ApiKeySummary {
  const { keyHash: _hidden, ...rest } = row;
  return rest;
}

export { ownerMayHold, scopeOwnerRole } from "@/lib/auth/permissions";

/**
 * Creates a key owned by the user behind `actor` (for a key made with an admin key, that key's
 * owner, and it expires no later than that key; the demo seed names the demo admin). Shown once:
 * only its hash is stored.
 */
export async function createApiKey(
  db: Db,
  actor: Actor,
  input: unknown,
  options: { ownerId?: string; at?: Date } = {},
): Promise<{ id: string; key: string; apiKey: ApiKeySummary }> {
  const { name, scopes, expiresAt } = createApiKeySchema.parse(input);
  const at = options.at ?? new Date();
  if (expiresAt && expiresAt.getTime() <= at.getTime()) {
    throw new RuleError("The expiry must be in the future", [
      { path: "expiresAt", message: "validation.apiKeyExpiry" },
    ]);
  }
  const key = generateApiKey();
  return db.transaction(async (tx) => {
    let ownerId = options.ownerId ?? (actor.type === "user" ? actor.id : undefined);
    let expires = expiresAt ?? null;
    if (actor.type === "api_key") {
      // Shared lock: a revocation of the creating key waits for this key to be made (and then
      // revokes it too), or this waits for the revocation and sees it.
      const [creator] = await tx
        .select({
          owner: apiKeys.createdBy,
          expiresAt: apiKeys.expiresAt,
          revokedAt: apiKeys.revokedAt,
        })
        .from(apiKeys)
        .where(eq(apiKeys.id, actor.id))
        .for("share");
      if (!creator || creator.revokedAt || (creator.expiresAt && creator.expiresAt <= at))
        throw new HttpError(401, "The API key making this one was revoked or has expired");
      ownerId ??= creator?.owner ?? undefined;
      // A key made with an expiring key expires with it, never later: else a short-lived key
      // could make itself a lasting one.
      const limit = creator?.expiresAt;
      if (limit) {
        if (expires && expires.getTime() > limit.getTime()) {
          throw new RuleError("A key made with an API key cannot outlive it", [
            { path: "expiresAt", message: "validation.apiKeyExpiryAfterCreator" },
          ]);
        }
        expires ??= limit;
      }
    }
    if (!ownerId) throw new Error("an API key needs an owner");
    const [row] = await tx
      .insert(apiKeys)
      .values({
        name,
        scopes,
        prefix: key.slice(0, KEY_PREFIX.length + 6),
        keyHash: hashApiKey(key),
        createdBy: ownerId,
        createdByKey: actor.type === "api_key" ? actor.id : null,
        expiresAt: expires,
      })
      .returning();
    if (!row) throw new Error("insert returned no row");
    await recordAudit(tx, actor, {
      action: "api_key.create",
      entityType: "api_key",
      entityId: row.id,
      after: summary(row),
    });
    return { id: row.id, key, apiKey: summary(row) };
  });
}

/**
 * A key as the list shows it: with its owner, and what holds it back as authenticateApiKey
 * would (a disabled owner; an owner whose role may not hold its scopes, or none on record).
 */
export type ApiKeyListItem = ApiKeySummary & {
  owner: string | null;
  ownerDisabled: boolean;
  ownerLacksRole: boolean;
};

export async function listApiKeys(db: Db): Promise<ApiKeyListItem[]> {
  const rows = await db
    .select({
      key: apiKeys,
      owner: users.email,
      ownerRole: users.role,
      ownerDisabled: users.disabled,
    })
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.createdBy))
    .orderBy(desc(apiKeys.createdAt));
  return rows.map((row) => ({
    ...summary(row.key),
    owner: row.owner,
    ownerDisabled: row.ownerDisabled ?? false,
    // A key of an owner demoted by an earlier release, which held such keys back rather than
    // revoking them, works for no one: listed as such, not as active.
    ownerLacksRole: row.ownerRole === null || !ownerMayHold(row.ownerRole, row.key.scopes),
  }));
}

/**
 * Revokes, inside a role change's transaction, the live keys of `ownerId` whose scopes one of
 * `roles` (the owner's old and new) may not hold: they stop for good, not only until a promotion
 * back (a key that leaked meanwhile would work again). Each revocation is audited with why.
 */
export async function revokeKeysBeyondRole(
  tx: Tx,
  actor: Actor,
  ownerId: string,
  roles: Role[],
  at: Date,
): Promise<void> {
  const owned = await tx
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.createdBy, ownerId), isNull(apiKeys.revokedAt)))
    .orderBy(apiKeys.id)
    .for("update");
  const role = roles.at(-1)!;
  for (const key of owned)
    if (roles.some((r) => !ownerMayHold(r, key.scopes)))
      await revokeOne(tx, actor, key, at, { reason: "owner_role_changed", ownerRole: role });
}

/**
 * Revokes a key and, in the same transaction, every key made with it and with those in turn:
 * a key that leaked may have made others, and they must stop with it. Each revoked key has its
 * own audit event; those revoked with another name it (`detail.revokedWith`).
 */
export async function revokeApiKey(
  db: Db,
  actor: Actor,
  id: string,
  at: Date,
): Promise<ApiKeySummary> {
  if (!z.uuid().safeParse(id).success) throw new NotFoundError("No API key with this id");
  return retryTransaction(() => db.transaction((tx) => revokeIn(tx, actor, id, at)));
}

/** The ids of every key made with `id`, and with those in turn. */
async function heirsOf(tx: Tx, id: string): Promise<string[]> {
  const rows = rowsOf<{ id: string }>(
    await tx.execute(sql`
      with recursive heirs as (
        select id from api_keys where created_by_key = ${id}
        union
        select k.id from api_keys k join heirs h on k.created_by_key = h.id
      )
      select id from heirs`),
  );
  return rows.map((r) => r.id);
}

async function revokeIn(tx: Tx, acting: Actor, id: string, at: Date): Promise<ApiKeySummary> {
  // A key may revoke itself, or the key that made it (a rotation): its hold is taken, and the
  // key checked, before anything is revoked, not again at the audit events, which would see
  // its own revocation and undo it.
  await holdAccess(tx, acting);
  const actor = unheld(acting);
  // The key and its heirs are locked in one statement in id order (two revocations of related
  // keys then wait for each other rather than deadlock), and its heirs read again under the
  // locks until none is new: a key made meanwhile was made under a shared lock on its maker.
  const locked = new Map<string, ApiKey>();
  let ids = [id, ...(await heirsOf(tx, id))];
  for (;;) {
    const rows = await tx
      .select()
      .from(apiKeys)
      .where(inArray(apiKeys.id, ids))
      .orderBy(apiKeys.id)
      .for("update");
    for (const row of rows) locked.set(row.id, row);
    ids = (await heirsOf(tx, id)).filter((heir) => !locked.has(heir));
    if (!ids.length) break;
  }
  const before = locked.get(id);
  if (!before) throw new NotFoundError("No API key with this id");
  // Its heirs, still working or not (a revoked key's own heirs were revoked with it, unless
  // made before keys remembered their maker: those are revoked now).
  const live = [...locked.values()]
    .filter((k) => k.id !== id && !k.revokedAt)
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  for (const heir of live) await revokeOne(tx, actor, heir, at, { revokedWith: id });
  if (before.revokedAt) return summary(before);
  return revokeOne(
    tx,
    actor,
    before,
    at,
    live.length ? { heirsRevoked: live.map((k) => k.id) } : undefined,
  );
}

/** Revokes one locked key at `at`, with its audit event (`detail` where given). */
async function revokeOne(
  tx: Tx,
  actor: Actor,
  key: ApiKey,
  at: Date,
  detail: Record<string, unknown> | undefined,
): Promise<ApiKeySummary> {
  const [after] = await tx
    .update(apiKeys)
    .set({ revokedAt: at })
    .where(eq(apiKeys.id, key.id))
    .returning();
  if (!after) throw new Error("update returned no row");
  await recordAudit(tx, actor, {
    action: "api_key.revoke",
    entityType: "api_key",
    entityId: key.id,
    before: summary(key),
    after: summary(after),
    ...(detail ? { detail } : {}),
  });
  return summary(after);
}

/**
 * The live key behind a bearer token, or undefined: unknown, revoked, expired, or its owner is
 * disabled or no longer holds the role its scopes need. Marks it used at most once a minute.
 */
export async function authenticateApiKey(
  db: Db,
  token: string,
  at: Date,
): Promise<ApiKey | undefined> {
  if (!token.startsWith(KEY_PREFIX) || token.length > 200) return undefined;
  const [row] = await db
    .select({ key: apiKeys, ownerRole: users.role, ownerDisabled: users.disabled })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.createdBy))
    .where(eq(apiKeys.keyHash, hashApiKey(token)));
  if (!row) return undefined;
  const { key } = row;
  if (key.revokedAt || (key.expiresAt && key.expiresAt.getTime() <= at.getTime())) return undefined;
  if (row.ownerDisabled || !ownerMayHold(row.ownerRole, key.scopes)) return undefined;
  if (!key.lastUsedAt || key.lastUsedAt.getTime() < at.getTime() - 60_000) {
    await db.update(apiKeys).set({ lastUsedAt: at }).where(eq(apiKeys.id, key.id));
  }
  return key;
}
