import "server-only";
/**
 * Users and their roles. Admins invite (the app makes a one-time password that is shown once and
 * must be replaced at the first sign-in),
 * change roles and disable accounts; every change is audited in its transaction. An instance
 * always keeps at least one enabled admin, and nobody demotes or disables themselves.
 */
import { randomBytes } from "node:crypto";
import { and, asc, eq, isNull, ne, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/connect";
import { passwordTokens, users, type User } from "@/db/schema";
import type { Locale } from "@/i18n/config";
import { retryTransaction } from "@/lib/db-errors";
import { recordAudit, type AuditActionName, type Actor } from "@/lib/audit/record";
import { hashPassword } from "@/lib/auth/password";
import { temporaryPasswordExpiresAt } from "@/lib/auth/sign-in";
import { revokeKeysBeyondRole } from "@/lib/api-keys";
import { addressBlock, hit, signInLimits } from "@/lib/auth/rate-limit";
import { NotFoundError, RuleError, TakenError } from "@/lib/errors";
import { refusingDuplicates } from "@/lib/db-errors";
import { changeRoleSchema, inviteUserSchema, setDisabledSchema } from "./schema";

export type UserSummary = Omit<User, "passwordHash" | "sessionVersion" | "oidcSubject" | "locale">;

/** A user as lists, audit events and the API show it: no password hash, no session internals. */
export function userSummary(user: User): UserSummary {
  const {
    passwordHash: _hidden,
    sessionVersion: _version,
    oidcSubject: _subject,
    locale: _locale,
    ...rest
  } = user;
  return rest;
}

/** Where an account stands, as the users page says it. */
export type AccountStatus =
  | { status: "disabled" | "enabled" | "mustSetPassword" }
  /** Invited with a one-time password, until it stops working (or since it did). */
  | { status: "invitedUntil" | "invitationExpired"; until: Date };

export function accountStatus(
  user: Pick<User, "disabled" | "mustChangePassword" | "passwordHash" | "createdAt">,
  now: Date,
): AccountStatus {
  if (user.disabled) return { status: "disabled" };
  const until = temporaryPasswordExpiresAt(user);
  if (until) return { status: until > now ? "invitedUntil" : "invitationExpired", until };
  return { status: user.mustChangePassword ? "mustSetPassword" : "enabled" };
}

/** Every user, with where their account stands at `now`. */
export async function listUsers(
  db: Db,
  now: Date,
): Promise<(UserSummary & { account: AccountStatus })[]> {
  const rows = await db.select().from(users).orderBy(asc(users.email));
  return rows.map((user) => ({ ...userSummary(user), account: accountStatus(user, now) }));
}

export async function getUserById(db: Db, id: string): Promise<User | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

export async function getUserByEmail(db: Db, email: string): Promise<User | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(eq(sql`lower(${users.email})`, email.toLowerCase()));
  return row;
}

/** A readable one-time password: 4 groups of 5 from an unambiguous alphabet (~98 bits). */
export function generateTemporaryPassword(): string {
  const alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
  const bytes = randomBytes(20);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join("");
  return chars.match(/.{5}/g)!.join("-");
}

export async function inviteUser(
  db: Db,
  actor: Actor,
  input: unknown,
  options: { password?: string; mustChangePassword?: boolean } = {},
): Promise<{ user: UserSummary; temporaryPassword: string }> {
  const data = inviteUserSchema.parse(input);
  const temporaryPassword = options.password ?? generateTemporaryPassword();
  const passwordHash = await hashPassword(temporaryPassword);
  const taken = () =>
    new TakenError("A user with this email already exists", [
      { path: "email", message: "validation.emailTaken" },
    ]);
  // The unique index on the lower-cased address refuses one taken, also at the same moment.
  return refusingDuplicates(
    "users_email_lower_idx",
    () =>
      db.transaction(async (tx) => {
        const [row] = await tx
          .insert(users)
          .values({ ...data, passwordHash, mustChangePassword: options.mustChangePassword ?? true })
          .returning();
        if (!row) throw new Error("insert returned no row");
        await recordAudit(tx, actor, {
          action: "user.invite",
          entityType: "user",
          entityId: row.id,
          after: userSummary(row),
        });
        return { user: userSummary(row), temporaryPassword };
      }),
    taken,
  );
}

async function assertAnotherAdminRemains(tx: Tx, userId: string) {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .where(and(eq(users.role, "admin"), eq(users.disabled, false), ne(users.id, userId)));
  if ((row?.n ?? 0) < 1) {
    throw new RuleError("Firstparty needs at least one enabled admin", [
      { path: "role", message: "validation.lastAdmin" },
    ]);
  }
}

async function changeUser(
  db: Db,
  actor: Actor,
  userId: string,
  action: AuditActionName,
  change: Partial<Pick<User, "role" | "disabled">>,
): Promise<UserSummary> {
  if (actor.type === "user" && actor.id === userId) {
    throw new RuleError("You cannot change your own role or disable yourself", [
      { path: "userId", message: "validation.selfChange" },
    ]);
  }
  // A password reset of the same user at the same moment can hold that user's row while waiting
  // for its admin's (the admins are locked here first): PostgreSQL undoes one, which runs again.
  return retryTransaction(() =>
    db.transaction(async (tx) => {
      // Lock admins in a fixed order so two concurrent demotions cannot both pass the check.
      await tx
        .select({ id: users.id })
        .from(users)
        .where(eq(users.role, "admin"))
        .orderBy(asc(users.id))
        .for("update");
      const [before] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
      if (!before) throw new NotFoundError("No user with this id");
      const losesAdmin =
        before.role === "admin" &&
        !before.disabled &&
        ((change.role && change.role !== "admin") || change.disabled === true);
      if (losesAdmin) await assertAnotherAdminRemains(tx, userId);
      const [after] = await tx
        .update(users)
        .set({
          ...change,
          // Disabling or re-enabling ends every session: no token from before comes back to life.
          ...(change.disabled !== undefined && change.disabled !== before.disabled
            ? { sessionVersion: sql`${users.sessionVersion} + 1` }
            : {}),
          updatedAt: new Date(),
        })
        .where(eq(users.id, userId))
        .returning();
      if (!after) throw new Error("update returned no row");
      // Keys whose scopes the new role may not hold stop for good, in this transaction.
      // The old role's too: a key paused by a demotion before keys were revoked for it would
      // otherwise work again after a promotion.
      if (change.role && change.role !== before.role)
        await revokeKeysBeyondRole(tx, actor, userId, [before.role, change.role], new Date());
      // A link to set a password issued before (a reset e-mailed to someone then offboarded)
      // must not open the account again if it is re-enabled within the link's hours.
      if (after.disabled && !before.disabled)
        await tx
          .update(passwordTokens)
          .set({ usedAt: new Date() })
          .where(and(eq(passwordTokens.userId, userId), isNull(passwordTokens.usedAt)));
      await recordAudit(tx, actor, {
        action,
        entityType: "user",
        entityId: userId,
        before: userSummary(before),
        after: userSummary(after),
      });
      return userSummary(after);
    }),
  );
}

export async function changeRole(db: Db, actor: Actor, input: unknown): Promise<UserSummary> {
  const { userId, role } = changeRoleSchema.parse(input);
  return changeUser(db, actor, userId, "user.change_role", { role });
}

export async function setDisabled(db: Db, actor: Actor, input: unknown): Promise<UserSummary> {
  const { userId, disabled } = setDisabledSchema.parse(input);
  return changeUser(db, actor, userId, disabled ? "user.disable" : "user.enable", { disabled });
}

/** Keeps `locale` as the user's language (not audited: a preference of their own, not access). */
export async function rememberLocale(db: Db, userId: string, locale: Locale): Promise<void> {
  await db.update(users).set({ locale }).where(eq(users.id, userId));
}

export async function getUserByOidcSubject(db: Db, subject: string): Promise<User | undefined> {
  const [row] = await db.select().from(users).where(eq(users.oidcSubject, subject));
  return row;
}

export type OidcSignIn =
  | { ok: true; user: User }
  | { ok: false; reason: "NotInvited" | "EmailUnverified" | "AccountMismatch" };

/**
 * Single sign-on: who the provider's subject is here. An account already bound to the subject
 * signs in (whatever address the provider now reports). Otherwise the provider must have
 * verified the address, an admin must have invited it, and the account must not be bound to
 * another subject; then it is bound, in the transaction of its audit event. An invited user
 * who never chose a password loses the temporary one: they sign in through the provider now.
 */
export async function bindOidcSubject(
  db: Db,
  claims: {
    subject: string;
    email: string | undefined;
    emailVerified: boolean;
    /** The client's address, as the sign-in request gave it. */
    ip?: string;
    /** The sign-in page's language, kept as the user's (their password mails use it). */
    locale?: Locale;
  },
): Promise<OidcSignIn> {
  const { ip } = claims;
  const anonymous = { type: "anonymous" as const, label: claims.email ?? claims.subject, ip };
  type Reason = "NotInvited" | "EmailUnverified" | "AccountMismatch";
  type Refusal = { ok: false; reason: Reason; id?: string };
  const refuse = (reason: Reason, id?: string): Refusal => ({ ok: false, reason, id });
  const result = await db.transaction(async (tx): Promise<OidcSignIn | Refusal> => {
    const [bound] = await tx.select().from(users).where(eq(users.oidcSubject, claims.subject));
    let user = bound;
    if (!user) {
      if (!claims.emailVerified) return refuse("EmailUnverified");
      if (!claims.email) return refuse("NotInvited");
      const [byEmail] = await tx
        .select()
        .from(users)
        .where(eq(sql`lower(${users.email})`, claims.email.toLowerCase()))
        .for("update");
      if (!byEmail || byEmail.disabled) return refuse("NotInvited", byEmail?.id);
      if (byEmail.oidcSubject) return refuse("AccountMismatch", byEmail.id);
      const [after] = await tx
        .update(users)
        .set({
          oidcSubject: claims.subject,
          // The temporary password goes, and with it every session opened with it: such a
          // session could only reach the password page, and would otherwise gain the role now.
          ...(byEmail.mustChangePassword
            ? {
                mustChangePassword: false,
                passwordHash: null,
                sessionVersion: sql`${users.sessionVersion} + 1`,
              }
            : {}),
          updatedAt: new Date(),
        })
        .where(eq(users.id, byEmail.id))
        .returning();
      if (!after) throw new Error("update returned no row");
      // Without a password they sign in through the provider now: a link to set one, still
      // unused (an invitation's, admin:create's), would add a second way in.
      if (after.passwordHash === null)
        await tx
          .update(passwordTokens)
          .set({ usedAt: new Date() })
          .where(and(eq(passwordTokens.userId, after.id), isNull(passwordTokens.usedAt)));
      await recordAudit(tx, actorOfUser(after, ip), {
        action: "user.oidc_bound",
        entityType: "user",
        entityId: after.id,
        detail: { subject: claims.subject },
      });
      user = after;
    } else if (user.disabled) {
      return refuse("NotInvited", user.id);
    }
    await tx
      .update(users)
      .set({
        lastSignInAt: new Date(),
        ...(claims.locale && { locale: claims.locale }),
        // An admin's reset asks for a new password, but one who signs in through the provider
        // without a password has none to change: the password page would only ask for it.
        ...(user.mustChangePassword && user.passwordHash === null && { mustChangePassword: false }),
      })
      .where(eq(users.id, user.id));
    await recordAudit(tx, actorOfUser(user, ip), {
      action: "auth.sign_in",
      entityType: "user",
      entityId: user.id,
      detail: { provider: "oidc" },
    });
    return { ok: true as const, user };
  });
  if (result.ok) return result;
  // A refusal changes nothing but the audit trail. As for passwords: one that names no account
  // here is audited once per client address and window (anyone with an account at the provider
  // can send them, and the trail cannot be pruned); one that names an account, every time.
  const { reason, id } = result as Refusal;
  const window = signInLimits.ip;
  const audited =
    id !== undefined ||
    (await hit(db, `signin:oidc-unknown:${addressBlock(ip ?? "unknown")}`, window, new Date())) ===
      1;
  if (audited)
    await recordAudit(db, anonymous, {
      action: "auth.sign_in_failed",
      entityType: "user",
      entityId: id ?? null,
      detail: {
        provider: "oidc",
        reason,
        email: claims.email ?? null,
        ...(id === undefined && { auditedOncePerWindowSeconds: window.windowSeconds }),
      },
    });
  return { ok: false, reason };
}

function actorOfUser(user: User, ip?: string): Actor {
  return { type: "user", id: user.id, label: user.email, role: user.role, ip };
}

/** The domain of the seeded demo accounts (README); the password of each is public. */
export const DEMO_EMAIL_DOMAIN = "firstparty.demo";

/** True while any demo account can sign in: every page then says this is a demo instance. */
export async function demoAccountsEnabled(db: Db): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(
      and(eq(users.disabled, false), sql`lower(${users.email}) like ${`%@${DEMO_EMAIL_DOMAIN}`}`),
    )
    .limit(1);
  return row !== undefined;
}
