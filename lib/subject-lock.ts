/**
 * Per-customer transaction locks. Consent ingestion and profile writes both take the lock of
 * every subject they touch, in one fixed order, so the figures that depend on both (consentable
 * reach) are never computed on each other's uncommitted state, and two batches cannot deadlock.
 */
import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Tx } from "@/db/connect";

/** A stable signed 64-bit advisory-lock key for one subject. */
export function subjectLockKey(subjectId: string): bigint {
  return createHash("sha1").update(`subject\u0000${subjectId}`).digest().readBigInt64BE(0);
}

export async function lockSubjects(tx: Tx, subjectIds: Iterable<string>): Promise<void> {
  const keys = [...new Set([...subjectIds].map(subjectLockKey))].sort((a, b) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  if (keys.length === 0) return;
  await tx.execute(
    sql`select pg_advisory_xact_lock(k) from unnest(${`{${keys.join(",")}}`}::bigint[]) as k order by k`,
  );
}
