import "server-only";
/**
 * Fixed-window counters kept in the database (table rate_limits), so every app instance counts
 * against the same numbers. Used to throttle sign-in per account and per client address, and
 * the audit of refused requests per caller.
 *
 * A counter moves before the work it guards (`hit` is one atomic statement that returns the new
 * count), so concurrent attempts cannot all pass a check made before any of them counted. Rows
 * carry the end of their window and are deleted once it has passed; keys are short (an email is
 * hashed), so nobody can grow the table with long keys.
 */
import { createHash } from "node:crypto";
import ipaddr from "ipaddr.js";
import { and, eq, gt, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/connect";
import { rateLimits } from "@/db/schema";

export type Limit = { max: number; windowSeconds: number };

export const signInLimits = {
  /**
   * Sign-in attempts for one account from one address (block) in one window; the rest are
   * refused without a password check. Counted per address, so that nobody can lock a user out
   * by failing on purpose from elsewhere.
   */
  account: { max: 5, windowSeconds: 15 * 60 },
  /**
   * Attempts for one account from all addresses together (guessing spread over many), except
   * from an address the account signed in from in the last KNOWN_ADDRESS_DAYS days.
   */
  accountEverywhere: { max: 50, windowSeconds: 15 * 60 },
  /** Failed sign-ins from one address (many accounts: password spraying). */
  ip: { max: 30, windowSeconds: 15 * 60 },
} as const satisfies Record<string, Limit>;

/**
 * Refused requests (a role or a key's scope that does not allow the route) audited per caller in
 * one window: the audit log cannot be pruned, so a caller retrying, or a leaked key walking
 * every route, must not be able to grow it at request rate. The first refusal past the limit is
 * audited as such; the rest of the window is not.
 */
export const refusalAuditLimit = { max: 10, windowSeconds: 15 * 60 } as const satisfies Limit;

export const MAX_KEY_LENGTH = 200;

/**
 * The block of addresses one client holds, as the per-address limit counts it: an IPv4 address
 * itself, an IPv6 address's /64 (a household or a server is given a whole /64 and can use any
 * address in it). Anything that is not an address is its own key.
 */
export function addressBlock(ip: string): string {
  if (!ipaddr.isValid(ip)) return ip;
  const address = ipaddr.process(ip); // an IPv4-mapped IPv6 address becomes IPv4
  if (address.kind() === "ipv4") return address.toString();
  const parts = (address as ipaddr.IPv6).parts.slice(0, 4);
  return `${new ipaddr.IPv6([...parts, 0, 0, 0, 0]).toString()}/64`;
}

/** A counter key for a value of any length (an email): the prefix and a SHA-256. */
export function hashedKey(prefix: string, value: string): string {
  return `${prefix}:${createHash("sha256").update(value).digest("base64url")}`;
}

/**
 * Counts one hit and returns the count in the current window (atomic, one statement). The first
 * hit of a window also deletes every counter whose window has ended, so rows never pile up.
 */
export async function hit(db: Db, key: string, limit: Limit, at: Date): Promise<number> {
  if (key.length > MAX_KEY_LENGTH) throw new Error(`rate-limit key longer than ${MAX_KEY_LENGTH}`);
  const windowStart = sql`${at.toISOString()}::timestamptz`;
  const windowEnd = sql`${windowStart} + make_interval(secs => ${limit.windowSeconds})`;
  const expired = sql`${rateLimits.expiresAt} <= ${windowStart}`;
  const [row] = await db
    .insert(rateLimits)
    .values({
      key,
      windowStart: at,
      count: 1,
      expiresAt: new Date(at.getTime() + limit.windowSeconds * 1000),
    })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`case when ${expired} then 1 else ${rateLimits.count} + 1 end`,
        windowStart: sql`case when ${expired} then ${windowStart} else ${rateLimits.windowStart} end`,
        expiresAt: sql`case when ${expired} then ${windowEnd} else ${rateLimits.expiresAt} end`,
      },
    })
    .returning({ count: rateLimits.count });
  const count = row?.count ?? 1;
  if (count === 1) await deleteExpired(db, at);
  return count;
}

/** The hits counted in the key's current window, without counting one (0 once it has ended). */
export async function hitsSoFar(db: Db, key: string, at: Date): Promise<number> {
  const [row] = await db
    .select({ count: rateLimits.count })
    .from(rateLimits)
    .where(and(eq(rateLimits.key, key), gt(rateLimits.expiresAt, at)));
  return row?.count ?? 0;
}

/** Takes one hit back (an attempt that turned out not to count), never below zero. */
export async function takeBack(db: Db, key: string): Promise<void> {
  await db
    .update(rateLimits)
    .set({ count: sql`greatest(${rateLimits.count} - 1, 0)` })
    .where(eq(rateLimits.key, key));
}

export async function reset(db: Db, key: string): Promise<void> {
  await db.delete(rateLimits).where(eq(rateLimits.key, key));
}

export async function deleteExpired(db: Db, at: Date): Promise<void> {
  await db.delete(rateLimits).where(lt(rateLimits.expiresAt, at));
}
