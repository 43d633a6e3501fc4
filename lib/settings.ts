import "server-only";
/**
 * The `settings` table: one JSON value per key (the phase-out target, the preference page, the
 * completeness model, …). Each owner validates its own value; this module only reads and stores.
 */
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/connect";
import { settings } from "@/db/schema";
import { recordAudit, type AuditActionName, type Actor } from "@/lib/audit/record";

/** The stored value of a setting, or undefined when it was never set. */
export async function readSetting(db: Db, key: string, forUpdate = false): Promise<unknown> {
  const query = db.select({ value: settings.value }).from(settings).where(eq(settings.key, key));
  const [row] = await (forUpdate ? query.for("update") : query);
  return row?.value;
}

/** Stores a setting's value (within the caller's transaction, beside its audit event). */
export async function storeSetting(db: Db, key: string, value: unknown): Promise<void> {
  await db
    .insert(settings)
    .values({ key, value })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: sql`now()` } });
}

/**
 * Saves a setting an actor edits: the row and its audit event in one transaction, the trail
 * showing the value before and after through `trail` (to leave out what is too large to keep).
 * A value made from the stored one sees it as it is under the lock, not as a form read it.
 */
export async function saveSetting<T>(
  db: Db,
  actor: Actor,
  change: {
    key: string;
    /** The new value, or how to make it from the one stored (read under the row's lock). */
    value: T | ((before: unknown) => T);
    action: AuditActionName;
    trail?: (value: unknown) => unknown;
  },
): Promise<T> {
  const { key, action, trail = (v: unknown) => v ?? null } = change;
  return db.transaction(async (tx) => {
    const before = await readSetting(tx, key, true);
    const value =
      typeof change.value === "function"
        ? (change.value as (before: unknown) => T)(before)
        : change.value;
    await storeSetting(tx, key, value);
    await recordAudit(tx, actor, {
      action,
      entityType: "setting",
      entityId: key,
      before: trail(before),
      after: trail(value),
    });
    return value;
  });
}

/**
 * Removes a setting an actor clears, with its audit event, in one transaction. False, with no
 * event, when it was not set (cleared meanwhile by another, say).
 */
export async function removeSetting(
  db: Db,
  actor: Actor,
  change: { key: string; action: AuditActionName },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const before = await readSetting(tx, change.key, true);
    if (before === undefined) return false;
    await tx.delete(settings).where(eq(settings.key, change.key));
    await recordAudit(tx, actor, {
      action: change.action,
      entityType: "setting",
      entityId: change.key,
      before,
      after: null,
    });
    return true;
  });
}
