import "server-only";
/**
 * What makes a session token count. Tokens are next-auth JWTs that the browser keeps, signed and
 * stateless, so three things in the database decide whether one still counts:
 *
 * - the user's session version (a password change, a reset or disabling ends every session);
 * - the session's own id, which a sign-out writes to `ended_sessions`, so a copy of the cookie
 *   stops working with the original;
 * - the moment of the sign-in: a session ends 12 hours after it, however often its token was
 *   re-issued, which also bounds how long an ended session's row must be kept.
 *
 * Their times are the real clock's, never a demo's fixed one (FIRSTPARTY_NOW): a session must
 * end 12 hours after its sign-in whatever the dashboards pretend today is.
 */
import { randomBytes } from "node:crypto";
import { eq, lte, sql } from "drizzle-orm";
import type { Db } from "@/db/connect";
import { endedSessions, users, type User } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

/** What a session token carries besides next-auth's own claims. */
export type SessionClaims = {
  /** The user's id. */
  uid: string;
  /** The user's session version when the session began. */
  sv: number;
  /** The session's id: 128 random bits. */
  sid: string;
  /** When the user signed in, in seconds since the epoch (OpenID Connect's `auth_time`). */
  authTime: number;
};

/** The claims of a new session for `user`, signing in at `at`. */
export function newSessionClaims(
  user: Pick<User, "id" | "sessionVersion">,
  at: Date,
): SessionClaims {
  return {
    uid: user.id,
    sv: user.sessionVersion,
    sid: randomBytes(16).toString("base64url"),
    authTime: Math.floor(at.getTime() / 1000),
  };
}

/**
 * A token's session claims, or null when it lacks one of them: a token from before sessions had
 * ids (an upgrade signs everyone in again) or no session at all.
 */
export function sessionClaimsOf(token: unknown): SessionClaims | null {
  if (!token || typeof token !== "object") return null;
  const { uid, sv, sid, authTime } = token as Record<string, unknown>;
  if (typeof uid !== "string" || typeof sid !== "string" || sid.length === 0) return null;
  if (!Number.isInteger(sv) || !Number.isInteger(authTime)) return null;
  return { uid, sv: sv as number, sid, authTime: authTime as number };
}

/** When a session begun at `authTime` ends by itself. */
function sessionEnd(claims: SessionClaims): Date {
  return new Date((claims.authTime + SESSION_MAX_AGE_SECONDS) * 1000);
}

/**
 * The enabled user whose session this is, read with whether it was ended (one query, on every
 * request), or null when the session does not count any more.
 */
export async function sessionUser(db: Db, claims: SessionClaims, at: Date): Promise<User | null> {
  if (sessionEnd(claims) <= at) return null;
  const [row] = await db
    .select({
      user: users,
      ended: sql<boolean>`exists (select 1 from ${endedSessions} where ${endedSessions.sessionId} = ${claims.sid})`,
    })
    .from(users)
    .where(eq(users.id, claims.uid));
  if (!row || row.ended || row.user.disabled) return null;
  return row.user.sessionVersion === claims.sv ? row.user : null;
}

/**
 * How long past its end an ended session's row is kept: an instance whose clock runs behind the
 * one that deletes it must not take the token back meanwhile.
 */
const KEPT_PAST_END_MS = 60 * 60 * 1000;

/**
 * Ends one session (a sign-out): from now on its token, and every copy of it, is refused. Audited
 * in the same transaction; a session that counted for nothing any more (an older session
 * version, a disabled user, past its 12 hours) is left as it is. Rows of sessions that ended
 * long enough ago are cleared on the way.
 */
export async function endSession(
  db: Db,
  claims: SessionClaims,
  at: Date,
  ip?: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .delete(endedSessions)
      .where(lte(endedSessions.expiresAt, new Date(at.getTime() - KEPT_PAST_END_MS)));
    const [user] = await tx.select().from(users).where(eq(users.id, claims.uid));
    const counted =
      user && !user.disabled && user.sessionVersion === claims.sv && sessionEnd(claims) > at;
    if (!counted) return;
    const ended = await tx
      .insert(endedSessions)
      .values({
        sessionId: claims.sid,
        userId: user.id,
        endedAt: at,
        expiresAt: sessionEnd(claims),
      })
      .onConflictDoNothing()
      .returning({ sessionId: endedSessions.sessionId });
    if (ended.length === 0) return;
    await recordAudit(
      tx,
      { type: "user", id: user.id, label: user.email, role: user.role, ip },
      { action: "auth.sign_out", entityType: "user", entityId: user.id },
    );
  });
}
