/**
 * Fixed-window counters kept in PostgreSQL (table rate_limits), so every app instance counts
 * against the same numbers. Used to throttle sign-in per account and per client address.
 */
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/connect";
import { rateLimits } from "@/db/schema";

export type Limit = { max: number; windowSeconds: number };

export const signInLimits = {
  /** Failed sign-ins per account before it is locked for the rest of the window. */
  account: { max: 5, windowSeconds: 15 * 60 },
  /** Failed sign-ins from one address (many accounts: password spraying). */
  ip: { max: 30, windowSeconds: 15 * 60 },
} as const satisfies Record<string, Limit>;

/** Counts one hit and returns the count in the current window (atomic, one statement). */
export async function hit(db: Db, key: string, limit: Limit, at: Date): Promise<number> {
  const windowStart = sql`${at.toISOString()}::timestamptz`;
  const expired = sql`${rateLimits.windowStart} <= ${windowStart} - make_interval(secs => ${limit.windowSeconds})`;
  const [row] = await db
    .insert(rateLimits)
    .values({ key, windowStart: at, count: 1 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`case when ${expired} then 1 else ${rateLimits.count} + 1 end`,
        windowStart: sql`case when ${expired} then ${windowStart} else ${rateLimits.windowStart} end`,
      },
    })
    .returning({ count: rateLimits.count });
  return row?.count ?? 1;
}

/** True when `key` has used up `limit` in the window containing `at`. */
export async function isLimited(db: Db, key: string, limit: Limit, at: Date): Promise<boolean> {
  const [row] = await db.select().from(rateLimits).where(eq(rateLimits.key, key));
  if (!row) return false;
  const windowEnds = row.windowStart.getTime() + limit.windowSeconds * 1000;
  return windowEnds > at.getTime() && row.count >= limit.max;
}

export async function reset(db: Db, key: string): Promise<void> {
  await db.delete(rateLimits).where(eq(rateLimits.key, key));
}
