/**
 * Password sign-in: throttled per account and per address (counters in the database), every
 * outcome audited. Kept apart from next-auth so it can be tested against a real database.
 */
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/connect";
import { users, type User } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { burnPasswordCheck, verifyPassword } from "./password";
import { hit, isLimited, reset, signInLimits } from "./rate-limit";

export const credentialsSchema = z.object({
  email: z
    .email()
    .max(320)
    .transform((e) => e.toLowerCase()),
  password: z.string().min(1).max(1024),
});

export type SignInResult =
  { ok: true; user: User } | { ok: false; reason: "invalid" | "rate_limited" };

export async function authenticate(
  db: Db,
  input: { email: unknown; password: unknown; ip: string | undefined },
  at: Date,
): Promise<SignInResult> {
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "invalid" };
  const { email, password } = parsed.data;
  const ip = input.ip ?? "unknown";
  const accountKey = `signin:account:${email}`;
  const ipKey = `signin:ip:${ip}`;
  const anonymous = { type: "anonymous" as const, label: email, ip };

  if (
    (await isLimited(db, accountKey, signInLimits.account, at)) ||
    (await isLimited(db, ipKey, signInLimits.ip, at))
  ) {
    await recordAudit(db, anonymous, {
      action: "auth.sign_in_rate_limited",
      entityType: "user",
      detail: { email },
    });
    return { ok: false, reason: "rate_limited" };
  }

  const [user] = await db
    .select()
    .from(users)
    .where(eq(sql`lower(${users.email})`, email));
  const valid = user?.passwordHash
    ? await verifyPassword(user.passwordHash, password)
    : (await burnPasswordCheck(password), false);

  if (!user || !valid || user.disabled) {
    await hit(db, accountKey, signInLimits.account, at);
    await hit(db, ipKey, signInLimits.ip, at);
    await recordAudit(db, anonymous, {
      action: "auth.sign_in_failed",
      entityType: "user",
      entityId: user?.id ?? null,
      detail: {
        email,
        reason: !user ? "unknown_account" : user.disabled ? "disabled" : "wrong_password",
      },
    });
    return { ok: false, reason: "invalid" };
  }

  await db.transaction(async (tx) => {
    await tx.update(users).set({ lastSignInAt: at }).where(eq(users.id, user.id));
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
  return { ok: true, user };
}
