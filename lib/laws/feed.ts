import "server-only";
/**
 * Calendar subscription links. Calendar apps cannot sign in or send headers, so each user gets a
 * secret address: their id and an HMAC of it and their session version under the session secret.
 * It only opens the laws calendar, and stops working when the user is disabled or loses access,
 * when their sessions end (a password change or reset, "sign out everywhere else": a leaked
 * address is revoked the same way as a leaked session), or when the secret rotates.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Locale } from "@/i18n/config";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/connect";
import { getDatabase } from "@/lib/database";
import { users } from "@/db/schema";
import { hasRole } from "@/lib/auth/permissions";
import { resolveAuthSecret } from "@/lib/auth/secret";
import { env } from "@/lib/env";

type FeedUser = { id: string; sessionVersion: number };

/** The token of a user's subscription address, valid while their session version stands. */
export function feedToken(secret: string, user: FeedUser): string {
  return createHmac("sha256", secret)
    .update(`laws-calendar:${user.id}:${user.sessionVersion}`)
    .digest("base64url");
}

async function secret(): Promise<string> {
  return resolveAuthSecret(env(), await getDatabase());
}

/** A user's subscription query, in their language (it only chooses the calendar's words). */
export async function calendarFeedQuery(user: FeedUser, locale: Locale): Promise<string> {
  const token = feedToken(await secret(), user);
  return new URLSearchParams({ user: user.id, token, lang: locale }).toString();
}

/**
 * Whether a subscription address opens the calendar: its token is the user's as they are now,
 * and the user may read laws.
 */
export async function feedOpens(
  db: Db,
  key: string,
  userId: string | null,
  token: string | null,
): Promise<boolean> {
  if (!userId || !token || !/^[0-9a-f-]{36}$/.test(userId) || token.length > 100) return false;
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user || user.disabled || !hasRole(user.role, "marketing")) return false;
  const expected = Buffer.from(feedToken(key, user));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Whether a request's `user` and `token` open the calendar, on the app's database. */
export async function verifyCalendarFeed(
  userId: string | null,
  token: string | null,
): Promise<boolean> {
  const handle = await getDatabase();
  return feedOpens(handle.db, await resolveAuthSecret(env(), handle), userId, token);
}
