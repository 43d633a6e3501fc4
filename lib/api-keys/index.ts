/**
 * API keys: 256-bit random secrets shown once at creation, stored as SHA-256, scoped
 * (`ingest`, `read`, `admin`), revocable. Every change is audited in its transaction.
 */
import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull, lt, or } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/connect";
import { apiKeys, type ApiKey } from "@/db/schema";
import { recordAudit, type Actor } from "@/lib/audit/record";
import { NotFoundError } from "@/lib/errors";
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

export async function createApiKey(
  db: Db,
  actor: Actor,
  input: unknown,
): Promise<{ id: string; key: string; apiKey: ApiKeySummary }> {
  const { name, scopes } = createApiKeySchema.parse(input);
  const key = generateApiKey();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiKeys)
      .values({
        name,
        scopes,
        prefix: key.slice(0, KEY_PREFIX.length + 6),
        keyHash: hashApiKey(key),
        createdBy: actor.type === "user" ? actor.id : null,
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

export async function listApiKeys(db: Db): Promise<ApiKeySummary[]> {
  const rows = await db.select().from(apiKeys).orderBy(desc(apiKeys.createdAt));
  return rows.map(summary);
}

export async function revokeApiKey(
  db: Db,
  actor: Actor,
  id: string,
  at: Date,
): Promise<ApiKeySummary> {
  if (!z.uuid().safeParse(id).success) throw new NotFoundError("No API key with this id");
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(apiKeys).where(eq(apiKeys.id, id)).for("update");
    if (!before) throw new NotFoundError("No API key with this id");
    if (before.revokedAt) return summary(before);
    const [after] = await tx
      .update(apiKeys)
      .set({ revokedAt: at })
      .where(eq(apiKeys.id, id))
      .returning();
    if (!after) throw new Error("update returned no row");
    await recordAudit(tx, actor, {
      action: "api_key.revoke",
      entityType: "api_key",
      entityId: id,
      before: summary(before),
      after: summary(after),
    });
    return summary(after);
  });
}

/** The live key behind a bearer token, or undefined. Touches lastUsedAt at most once a minute. */
export async function authenticateApiKey(
  db: Db,
  token: string,
  at: Date,
): Promise<ApiKey | undefined> {
  if (!token.startsWith(KEY_PREFIX) || token.length > 200) return undefined;
  const keyHash = hashApiKey(token);
  const stale = new Date(at.getTime() - 60_000);
  // Looked up and marked used at once (at most once a minute): one round trip, not two, on
  // every ingest call. The update matches nothing when the key is unknown or revoked.
  const [[row]] = await Promise.all([
    db
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt))),
    db
      .update(apiKeys)
      .set({ lastUsedAt: at })
      .where(
        and(
          eq(apiKeys.keyHash, keyHash),
          isNull(apiKeys.revokedAt),
          or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, stale)),
        ),
      ),
  ]);
  return row;
}
