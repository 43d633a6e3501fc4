import "server-only";
/**
 * Calendar subscription links. Calendar apps cannot sign in or send headers, so each user gets a
 * secret address: their id and an HMAC of it under the session secret. It only opens the laws
 * calendar, and stops working when the user is disabled, loses access, or the secret rotates.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Locale } from "@/i18n/config";
import { eq } from "drizzle-orm";
import { getDatabase } from "@/lib/database";
import { users } from "@/db/schema";
import { hasRole } from "@/lib/auth/permissions";
import { resolveAuthSecret } from "@/lib/auth/secret";
import { env } from "@/lib/env";

async function sign(userId: string): Promise<string> {
  const secret = await resolveAuthSecret(env(), await getDatabase());
  return createHmac("sha256", secret).update(`laws-calendar:${userId}`).digest("base64url");
}

/** A user's subscription query, in their language (it only chooses the calendar's words). */
export async function calendarFeedQuery(userId: string, locale: Locale): Promise<string> {
  return new URLSearchParams({ user: userId, token: await sign(userId), lang: locale }).toString();
}

/** The user a feed link belongs to, if the link is genuine and the user may read laws. */
export async function verifyCalendarFeed(
  userId: string | null,
  token: string | null,
): Promise<boolean> {
  if (!userId || !token || !/^[0-9a-f-]{36}$/i.test(userId) || token.length > 100) return false;
  const expected = Buffer.from(await sign(userId));
  const given = Buffer.from(token);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return false;
  const handle = await getDatabase();
  const [user] = await handle.db.select().from(users).where(eq(users.id, userId));
  return Boolean(user && !user.disabled && hasRole(user.role, "marketing"));
}
