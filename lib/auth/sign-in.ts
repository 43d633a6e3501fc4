import "server-only";
/**
 * Password sign-in: throttled per account and address, per account overall and per address
 * (counters in the database), every outcome audited (a throttled burst once, not once per
 * attempt). Kept apart from next-auth so it can be tested against a real database.
 */
import { and, desc, eq, gt, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/connect";
import { auditEvents, users, type User } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { Locale } from "@/i18n/config";
import type { KnownAccount } from "./known-device";
import { burnPasswordCheck, verifyPassword } from "./password";
import {
  addressBlock,
  hashedKey,
  hit,
  reset,
  signInLimits,
  takeBack,
  type Limit,
} from "./rate-limit";

/** How long an invitation's one-time password works, counted from the invitation. */
export const TEMPORARY_PASSWORD_DAYS = 7;

/**
 * When the user's one-time password from their invitation stops working; null when they have
 * none to replace (they chose their own, or were sent a link to set one).
 */
export function temporaryPasswordExpiresAt(
  user: Pick<User, "mustChangePassword" | "passwordHash" | "createdAt">,
): Date | null {
  if (!user.mustChangePassword || user.passwordHash === null) return null;
  return new Date(user.createdAt.getTime() + TEMPORARY_PASSWORD_DAYS * 86_400_000);
}

export const credentialsSchema = z.object({
  email: z
    .email()
    .max(320)
    .transform((e) => e.toLowerCase()),
  password: z.string().min(1).max(1024),
});

export type SignInResult =
  | { ok: true; user: User }
  | { ok: false; reason: "invalid" | "rate_limited" }
  /** The right temporary password, past its days: the holder is told to ask for a new one. */
  | { ok: false; reason: "expired" };

export async function authenticate(
  db: Db,
  input: {
    email: unknown;
    password: unknown;
    ip: string | undefined;
    /** The language of the sign-in page, kept as the user's (their password mails use it). */
    locale?: Locale;
    /**
     * Whether this browser holds the account's known-device token (lib/auth/known-device), for
     * the account as it is now (asked only of an account that exists).
     */
    knownDevice?: (account: KnownAccount) => boolean;
  },
  at: Date,
): Promise<SignInResult> {
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "invalid" };
  const { email, password } = parsed.data;
  const ip = input.ip ?? "unknown";
  const block = addressBlock(ip);
  const accountKey = hashedKey("signin:account", `${email}\n${block}`);
  const everywhereKey = hashedKey("signin:account-everywhere", email);
  const ipKey = `signin:ip:${block}`;
  const anonymous = { type: "anonymous" as const, label: email, ip };
  // A refused attempt is counted, never checked against a password, and audited once per
  // window (when the limit is first exceeded), so nobody can fill the audit log by retrying.
  const refuse = async (
    count: number,
    limit: Limit,
    scope: "account" | "everywhere" | "ip",
    first = count === limit.max + 1,
  ) => {
    if (first) {
      await recordAudit(db, anonymous, {
        action: "auth.sign_in_rate_limited",
        entityType: "user",
        detail: { email, scope, windowSeconds: limit.windowSeconds },
      });
    }
    return { ok: false as const, reason: "rate_limited" as const };
  };

  // The counters move before the password check, so that attempts sent at once cannot all pass
  // a check made before any of them counted: of 20 for one account from one address, 5 are
  // checked; of 45 for many accounts from one address, 30. The address counts failures only: an
  // attempt that turns out not to be one (refused for its account, or a success) is taken back.
  // A browser this account signed in with is not held up with everyone at its address (an
  // office's, a carrier's) when someone there tries many accounts: the account's own limits
  // below still hold it.
  const fromAddress = await hit(db, ipKey, signInLimits.ip, at);
  if (fromAddress > signInLimits.ip.max && !(await fromKnownDevice(db, email, input.knownDevice))) {
    return refuse(fromAddress, signInLimits.ip, "ip");
  }
  const attempts = await hit(db, accountKey, signInLimits.account, at);
  if (attempts > signInLimits.account.max) {
    await takeBack(db, ipKey);
    return refuse(attempts, signInLimits.account, "account");
  }
  // Guessing spread over many addresses meets the account's overall limit; its own user, in a
  // browser or at an address they signed in with before, is not held up by it.
  const everywhere = await hit(db, everywhereKey, signInLimits.accountEverywhere, at);
  if (
    everywhere > signInLimits.accountEverywhere.max &&
    !(await fromKnownDevice(db, email, input.knownDevice)) &&
    !(await signedInFrom(db, email, block, at))
  ) {
    await takeBack(db, ipKey);
    // The first refusal is audited, also when the attempt past the limit came from an address
    // of the account's own and was let through.
    const refusals = await hit(db, `${everywhereKey}:refused`, signInLimits.accountEverywhere, at);
    return refuse(everywhere, signInLimits.accountEverywhere, "everywhere", refusals === 1);
  }

  const [user] = await db
    .select()
    .from(users)
    .where(eq(sql`lower(${users.email})`, email));
  const valid = user?.passwordHash
    ? await verifyPassword(user.passwordHash, password)
    : (await burnPasswordCheck(password), false);

  // An invitation's one-time password (the only password a user must replace) is shown to the
  // admin and often passed on in a message: it works for TEMPORARY_PASSWORD_DAYS only.
  const expiresAt = user ? temporaryPasswordExpiresAt(user) : null;
  const expired = expiresAt !== null && at.getTime() > expiresAt.getTime();
  if (!user || !valid || user.disabled || expired) {
    // Tries of addresses nobody has here are audited once per client address and window (the
    // first, with how they are counted): anyone can send them, and the audit trail cannot be
    // pruned. The address's limit still counts every one, and its refusal is audited.
    const unknownKey = `signin:unknown:${block}`;
    const firstUnknown = user || (await hit(db, unknownKey, signInLimits.ip, at)) === 1;
    if (firstUnknown) {
      await recordAudit(db, anonymous, {
        action: "auth.sign_in_failed",
        entityType: "user",
        entityId: user?.id ?? null,
        detail: {
          email,
          reason: !user
            ? "unknown_account"
            : user.disabled
              ? "disabled"
              : !valid
                ? "wrong_password"
                : "temporary_password_expired",
          ...(!user && { auditedOncePerWindowSeconds: signInLimits.ip.windowSeconds }),
        },
      });
    }
    // Said only to whoever has the right password: the account's own holder.
    if (user && valid && !user.disabled) return { ok: false, reason: "expired" };
    return { ok: false, reason: "invalid" };
  }

  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ lastSignInAt: at, ...(input.locale && { locale: input.locale }) })
      .where(eq(users.id, user.id));
    await recordAudit(
      tx,
      { type: "user", id: user.id, label: user.email, role: user.role, ip },
      {
        action: "auth.sign_in",
        entityType: "user",
        entityId: user.id,
      },
    );
  });
  await reset(db, accountKey);
  await takeBack(db, everywhereKey);
  await takeBack(db, ipKey);
  return { ok: true, user };
}

/** Whether this browser is known for the account at its current session version. */
async function fromKnownDevice(
  db: Db,
  email: string,
  knownDevice: ((account: KnownAccount) => boolean) | undefined,
): Promise<boolean> {
  if (!knownDevice) return false;
  const [account] = await db
    .select({ email: users.email, sessionVersion: users.sessionVersion })
    .from(users)
    .where(eq(sql`lower(${users.email})`, email));
  return !!account && knownDevice({ email, sessionVersion: account.sessionVersion });
}

/** How far back an address the account signed in from still counts as its user's own. */
export const KNOWN_ADDRESS_DAYS = 90;

/** Whether the account signed in from this address block (see addressBlock) recently. */
async function signedInFrom(db: Db, email: string, block: string, at: Date): Promise<boolean> {
  const rows = await db
    .select({ ip: auditEvents.ip })
    .from(auditEvents)
    .innerJoin(users, eq(auditEvents.entityId, sql`${users.id}::text`))
    .where(
      and(
        eq(sql`lower(${users.email})`, email),
        // Written as the index's condition (audit_events_sign_in_idx), so the index is used.
        sql`${auditEvents.action} = 'auth.sign_in'`,
        eq(auditEvents.entityType, "user"),
        gt(auditEvents.occurredAt, new Date(at.getTime() - KNOWN_ADDRESS_DAYS * 86_400_000)),
      ),
    )
    .orderBy(desc(auditEvents.occurredAt))
    .limit(100);
  return rows.some((r) => r.ip !== null && addressBlock(r.ip) === block);
}
