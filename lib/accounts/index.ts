import "server-only";
/**
 * Passwords and the one-time links that set them. A user changes their own password (knowing
 * the current one); an admin resets someone's password by issuing a link; `npm run
 * admin:create` makes the first admin with a link. A link is 256 random bits of which only the
 * SHA-256 is stored, works once, for 24 hours. Every password change bumps the user's session
 * version, which ends every session issued before it. Each change is audited in its transaction.
 */
import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db, Tx } from "@/db/connect";
import { passwordTokens, users, type User } from "@/db/schema";
import type { Actor } from "@/lib/audit/record";
import { holdAccess, recordAudit } from "@/lib/audit/record";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { hashedKey, hit, reset, signInLimits } from "@/lib/auth/rate-limit";
import { NotFoundError, RuleError, SessionEndedError } from "@/lib/errors";
import { retryTransaction } from "@/lib/db-errors";
import { userSummary, type UserSummary } from "@/lib/users";
import { newUserFields, userIdSchema } from "@/lib/users/schema";
import { isLocale, type Locale } from "@/i18n/config";
import { MAX_PASSWORD_LENGTH, passwordIssues } from "./password-policy";

export const PASSWORD_LINK_HOURS = 24;
export const SET_PASSWORD_PATH = "/set-password";

const passwordField = z.string().max(MAX_PASSWORD_LENGTH, "validation.passwordTooLong");

export const changePasswordSchema = z.object({
  currentPassword: z.string().max(1024),
  newPassword: passwordField,
});

export const setPasswordWithLinkSchema = z.object({
  token: z.string().min(1).max(200),
  newPassword: passwordField,
});

export type PasswordLink = { token: string; expiresAt: Date };

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** The user acting on their own account, from the client address `ip` where the caller knows it. */
function actorOf(user: User, ip?: string): Actor {
  return { type: "user", id: user.id, label: user.email, role: user.role, ...(ip && { ip }) };
}

function assertStrong(password: string, user: Pick<User, "email" | "name">) {
  const issues = passwordIssues(password, user);
  if (issues.length > 0) throw new RuleError("The new password is too weak", issues);
}

/** Issues a link for `user` (older unused links of theirs stop working). Inside the caller's transaction. */
async function issueLink(
  tx: Tx,
  userId: string,
  purpose: "setup" | "reset",
  at: Date,
): Promise<PasswordLink> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(at.getTime() + PASSWORD_LINK_HOURS * 3600_000);
  await tx
    .update(passwordTokens)
    .set({ usedAt: at })
    .where(and(eq(passwordTokens.userId, userId), isNull(passwordTokens.usedAt)));
  await tx
    .insert(passwordTokens)
    .values({ userId, tokenHash: hashToken(token), purpose, expiresAt });
  return { token, expiresAt };
}

export function passwordLinkUrl(baseUrl: string, token: string): string {
  const url = new URL(SET_PASSWORD_PATH, baseUrl);
  url.searchParams.set("token", token);
  return url.toString();
}

/** The session a request came with: whose it is, and the session version it holds. */
export type SessionHolder = Pick<User, "id" | "sessionVersion">;

/**
 * The stored password becomes `newPassword`; sessions from before end. With `session`, only while
 * that session still counts (SessionEndedError otherwise). Inside the caller's transaction.
 */
async function storePassword(
  tx: Tx,
  user: User,
  newPassword: string,
  at: Date,
  session?: SessionHolder,
): Promise<User> {
  return replacePassword(tx, user.id, await hashPassword(newPassword), at, session);
}

/**
 * The user's password hash becomes `passwordHash` (null: none until they set one through a link,
 * which they must then do), every session from before ends, and so does every unused link to set
 * a password (it was for the password replaced here). With `session`, only while that session
 * still counts: its version unchanged and the account enabled. Inside the caller's transaction.
 */
async function replacePassword(
  tx: Tx,
  userId: string,
  passwordHash: string | null,
  at: Date,
  session?: SessionHolder,
): Promise<User> {
  const [after] = await tx
    .update(users)
    .set({
      passwordHash,
      mustChangePassword: passwordHash === null,
      sessionVersion: sql`${users.sessionVersion} + 1`,
      updatedAt: at,
    })
    .where(and(eq(users.id, userId), ...stillCounts(session)))
    .returning();
  if (!after) {
    if (session) throw new SessionEndedError();
    throw new Error("update returned no row");
  }
  await tx
    .update(passwordTokens)
    .set({ usedAt: at })
    .where(and(eq(passwordTokens.userId, userId), isNull(passwordTokens.usedAt)));
  return after;
}

/**
 * The conditions under which a write made for `session` may go ahead: the session's version is
 * still the user's and the account is enabled. In the update's own WHERE, so a reset or a
 * sign-out committed while the request was checked (the row then waited for) wins.
 */
function stillCounts(session?: SessionHolder): SQL[] {
  return session
    ? [eq(users.sessionVersion, session.sessionVersion), eq(users.disabled, false)]
    : [];
}

/**
 * The signed-in user changes their own password. Returns the user with the new session version,
 * which the caller puts into a fresh session for this browser (every other session has ended).
 * `session` is the user as this request's session check read them: a session that ended since
 * (a reset, a password changed in another browser) changes nothing (SessionEndedError).
 */
export async function changeOwnPassword(
  db: Db,
  session: SessionHolder,
  input: unknown,
  at: Date,
  ip?: string,
): Promise<User> {
  const { currentPassword, newPassword } = changePasswordSchema.parse(input);
  const user = await getSessionUser(db, session);
  // The same limit as sign-in, counted before the check: a stolen session cannot be used to
  // guess the current password, and a refused attempt costs no argon2 run.
  // Each wrong guess is audited under the user, and the first refusal past the limit: the
  // refusals after it are not, so a stolen session cannot flood the audit log.
  const attemptsKey = hashedKey("password:user", user.id);
  const attempts = await hit(db, attemptsKey, signInLimits.account, at);
  const refused = (detail: Record<string, unknown>) =>
    recordAudit(db, actorOf(user, ip), {
      action: "user.password_change_failed",
      entityType: "user",
      entityId: user.id,
      detail,
    });
  if (attempts > signInLimits.account.max) {
    if (attempts === signInLimits.account.max + 1)
      await refused({ reason: "too_many_tries", furtherRefusalsNotAudited: true });
    throw new RuleError("Too many wrong current passwords; wait 15 minutes", [
      { path: "currentPassword", message: "validation.passwordAttempts" },
    ]);
  }
  if (!user.passwordHash || !(await verifyPassword(user.passwordHash, currentPassword))) {
    await refused({ reason: "wrong_password" });
    throw new RuleError("The current password is wrong", [
      { path: "currentPassword", message: "validation.passwordWrong" },
    ]);
  }
  await reset(db, attemptsKey);
  if (currentPassword === newPassword) {
    throw new RuleError("The new password is the current one", [
      { path: "newPassword", message: "validation.passwordSame" },
    ]);
  }
  assertStrong(newPassword, user);
  return db.transaction(async (tx) => {
    const after = await storePassword(tx, user, newPassword, at, session);
    await recordAudit(tx, actorOf(user, ip), {
      action: "user.password_change",
      entityType: "user",
      entityId: user.id,
      detail: { otherSessionsEnded: true },
    });
    return after;
  });
}

/**
 * The signed-in user ends every other session of theirs (a laptop left signed in, a lost phone)
 * without changing their password: their session version moves on, so every token issued before
 * stops working. Returns the user with the new version, which the caller puts into a fresh
 * session for this browser. Only while `session` still counts (SessionEndedError otherwise: a
 * session ended by a reset must not come back fresh). Audited in the same transaction.
 */
export async function endOtherSessions(
  db: Db,
  session: SessionHolder,
  at: Date,
  ip?: string,
): Promise<User> {
  return db.transaction(async (tx) => {
    const [after] = await tx
      .update(users)
      .set({ sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: at })
      .where(and(eq(users.id, session.id), ...stillCounts(session)))
      .returning();
    if (!after) throw new SessionEndedError();
    await recordAudit(tx, actorOf(after, ip), {
      action: "auth.sign_out_elsewhere",
      entityType: "user",
      entityId: after.id,
    });
    return after;
  });
}

/** The user of a session that still counts, as stored now. */
async function getSessionUser(db: Db, session: SessionHolder): Promise<User> {
  const [user] = await db.select().from(users).where(eq(users.id, session.id));
  if (!user || user.disabled || user.sessionVersion !== session.sessionVersion) {
    throw new SessionEndedError();
  }
  return user;
}

async function getEnabledUser(db: Db | Tx, userId: string): Promise<User> {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user || user.disabled) throw new NotFoundError("No enabled user with this id");
  return user;
}

/** The user a link belongs to, if it is unused, unexpired and their account is enabled. */
export async function userOfPasswordLink(
  db: Db,
  token: string,
  at: Date,
): Promise<UserSummary | undefined> {
  if (!token || token.length > 200) return undefined;
  const [row] = await db
    .select({ user: users })
    .from(passwordTokens)
    .innerJoin(users, eq(users.id, passwordTokens.userId))
    .where(
      and(
        eq(passwordTokens.tokenHash, hashToken(token)),
        isNull(passwordTokens.usedAt),
        gt(passwordTokens.expiresAt, at),
        eq(users.disabled, false),
      ),
    );
  return row ? userSummary(row.user) : undefined;
}

/** Sets a password through a one-time link; the link is used up in the same transaction. */
export async function setPasswordWithLink(
  db: Db,
  input: unknown,
  at: Date,
  ip?: string,
): Promise<UserSummary> {
  const { token, newPassword } = setPasswordWithLinkSchema.parse(input);
  const invalid = new RuleError("This link is invalid, already used or expired", [
    { path: "token", message: "validation.passwordLinkInvalid" },
  ]);
  const owner = await userOfPasswordLink(db, token, at);
  if (!owner) throw invalid;
  assertStrong(newPassword, owner);
  return db.transaction(async (tx) => {
    // Used up atomically: of two concurrent submissions, one wins.
    const [used] = await tx
      .update(passwordTokens)
      .set({ usedAt: at })
      .where(
        and(
          eq(passwordTokens.tokenHash, hashToken(token)),
          isNull(passwordTokens.usedAt),
          gt(passwordTokens.expiresAt, at),
        ),
      )
      .returning();
    if (!used) throw invalid;
    const user = await getEnabledUser(tx, used.userId);
    const after = await storePassword(tx, user, newPassword, at);
    await recordAudit(tx, actorOf(user, ip), {
      action: "user.password_set",
      entityType: "user",
      entityId: user.id,
      detail: { link: used.purpose },
    });
    return userSummary(after);
  });
}

/**
 * An admin resets a user's password: the old one stops working at once, every session of the
 * user ends, and a one-time link lets them choose a new one (they cannot open any other page
 * until they have).
 */
export async function resetPassword(
  db: Db,
  actor: Actor,
  userId: unknown,
  at: Date,
): Promise<{ user: UserSummary; link: PasswordLink; locale: Locale | null }> {
  const id = userIdSchema.safeParse(userId);
  if (!id.success) throw new NotFoundError("No user with this id");
  if (actor.type === "user" && actor.id === id.data) {
    throw new RuleError("Change your own password on the password page", [
      { path: "userId", message: "validation.resetSelf" },
    ]);
  }
  // The admin's row is held first, as a role change locks the admins before its user, so the
  // two wait for each other in one order; only a reset of an admin can still meet a role change
  // the other way round (the admins in id order), and PostgreSQL then undoes one: run again.
  return retryTransaction(() => resetIn(db, actor, id.data, at));
}

async function resetIn(db: Db, actor: Actor, userId: string, at: Date) {
  return db.transaction(async (tx) => {
    await holdAccess(tx, actor);
    const [before] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
    if (!before) throw new NotFoundError("No user with this id");
    if (before.disabled) {
      throw new RuleError("Enable the account before resetting its password", [
        { path: "userId", message: "validation.resetDisabled" },
      ]);
    }
    const after = await replacePassword(tx, before.id, null, at);
    const link = await issueLink(tx, before.id, "reset", at);
    await recordAudit(tx, actor, {
      action: "user.password_reset",
      entityType: "user",
      entityId: before.id,
      detail: { linkExpiresAt: link.expiresAt.toISOString() },
    });
    return { user: userSummary(after), link, locale: accountLocale(after) };
  });
}

/** The language the user last used here, for their mails (null: not known yet). */
const accountLocale = (user: User): Locale | null => (isLocale(user.locale) ? user.locale : null);

export const createAdminSchema = z.object(newUserFields);

/**
 * The first admin of an instance (or a new link for an admin who lost access): creates the
 * admin without a password if the address is new, and issues a set-password link. A disabled
 * admin's link would open nothing: refused, unless `enable` (the command's `--enable`) enables
 * them too, as the users page would (their sessions from before end), audited as such.
 */
export async function createAdmin(
  db: Db,
  input: unknown,
  at: Date,
  { enable = false }: { enable?: boolean } = {},
): Promise<{
  user: UserSummary;
  link: PasswordLink;
  created: boolean;
  enabled: boolean;
  locale: Locale | null;
}> {
  const { email, name } = createAdminSchema.parse(input);
  const system: Actor = { type: "system", label: "admin:create" };
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select()
      .from(users)
      .where(eq(sql`lower(${users.email})`, email))
      .for("update");
    if (existing && existing.role !== "admin") {
      throw new RuleError(
        `${email} already has the role "${existing.role}"; an admin can change it on the users page`,
        [{ path: "email", message: "validation.emailTaken" }],
      );
    }
    if (existing?.disabled && !enable) {
      throw new RuleError(
        `${email} is disabled: an admin can enable them on the users page, or run admin:create again with --enable to enable them here`,
        [{ path: "email", message: "validation.adminDisabled" }],
      );
    }
    const enabling = existing?.disabled === true;
    const [user] = existing
      ? await tx
          .update(users)
          .set({
            updatedAt: at,
            ...(enabling
              ? { disabled: false, sessionVersion: sql`${users.sessionVersion} + 1` }
              : {}),
          })
          .where(eq(users.id, existing.id))
          .returning()
      : await tx
          .insert(users)
          .values({ email, name, role: "admin", mustChangePassword: true })
          .returning();
    if (!user) throw new Error("write returned no row");
    if (enabling) {
      await recordAudit(tx, system, {
        action: "user.enable",
        entityType: "user",
        entityId: user.id,
        before: userSummary(existing),
        after: userSummary(user),
      });
    }
    const link = await issueLink(tx, user.id, "setup", at);
    await recordAudit(tx, system, {
      action: existing ? "user.admin_link" : "user.admin_create",
      entityType: "user",
      entityId: user.id,
      after: userSummary(user),
      detail: { linkExpiresAt: link.expiresAt.toISOString() },
    });
    return {
      user: userSummary(user),
      link,
      created: !existing,
      enabled: enabling,
      locale: accountLocale(user),
    };
  });
}
