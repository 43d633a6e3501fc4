import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, rateLimits, users } from "@/db/schema";
import { endOtherSessions } from "@/lib/accounts";
import { inviteUser, setDisabled } from "@/lib/users";
import { createTestDatabase, testDriver, type TestDatabase } from "@/tests/database";
import { knowsAccount, withAccount, type KnownAccount } from "./known-device";
import { hashedKey, MAX_KEY_LENGTH, signInLimits } from "./rate-limit";
import { authenticate, KNOWN_ADDRESS_DAYS } from "./sign-in";

let t: TestDatabase;
const system = { type: "system", label: "test" } as const;
const at = new Date("2026-11-29T10:00:00Z");
const minutesLater = (m: number) => new Date(at.getTime() + m * 60_000);

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.drop());

async function invite(email: string, role: "admin" | "privacy" | "marketing" = "marketing") {
  return (await inviteUser(t.db, system, { email, role }, { password: "right-password-123" })).user;
}

/** Signs in as the login form would, at `when` (by default the fixed test moment). */
function signIn(email: string, password: string, ip: string, when = at) {
  return authenticate(t.db, { email, password, ip }, when);
}

/** The detail of the refused sign-in audited for `email`. */
async function failedSignIn(email: string) {
  const [failed] = await t.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.actorLabel, email), eq(auditEvents.action, "auth.sign_in_failed")));
  return failed?.detail;
}

async function auditActions(email: string) {
  const rows = await t.db.select().from(auditEvents).where(eq(auditEvents.actorLabel, email));
  return rows.map((r) => r.action);
}

describe(`sign-in on ${testDriver}`, () => {
  it("signs in with the right password (email case-insensitive) and audits it", async () => {
    const user = await invite("ok@example.com");
    const result = await signIn("OK@Example.com", "right-password-123", "10.0.0.1");
    expect(result).toMatchObject({ ok: true, user: { id: user.id } });
    expect(await auditActions("ok@example.com")).toContain("auth.sign_in");
    const [stored] = await t.db.select().from(users).where(eq(users.id, user.id));
    expect(stored?.lastSignInAt?.toISOString()).toBe(at.toISOString());
  });

  it("refuses a wrong password and an unknown account alike, auditing both", async () => {
    await invite("wrong@example.com");
    expect(await signIn("wrong@example.com", "nope", "10.0.0.2")).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await signIn("ghost@example.com", "nope", "10.0.0.2")).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await auditActions("wrong@example.com")).toEqual(["auth.sign_in_failed"]);
    expect(await auditActions("ghost@example.com")).toEqual(["auth.sign_in_failed"]);
  });

  it("audits tries of accounts nobody has once per client address and window, and every wrong password", async () => {
    const failures = async (emails: string[]) =>
      (
        await t.db.select().from(auditEvents).where(eq(auditEvents.action, "auth.sign_in_failed"))
      ).filter((e) => emails.includes(e.actorLabel));
    const ghosts = ["ghost-1@example.com", "ghost-2@example.com", "ghost-3@example.com"];
    for (const email of ghosts) {
      expect(await signIn(email, "nope", "10.11.0.1")).toEqual({ ok: false, reason: "invalid" });
    }
    expect(await failures(ghosts)).toHaveLength(1);
    expect((await failures(ghosts))[0]!.detail).toMatchObject({
      email: "ghost-1@example.com",
      reason: "unknown_account",
      auditedOncePerWindowSeconds: signInLimits.ip.windowSeconds,
    });
    // Another address is its own; so is the next window.
    await signIn("ghost-4@example.com", "nope", "10.11.0.2");
    await signIn("ghost-5@example.com", "nope", "10.11.0.1", minutesLater(16));
    expect(await failures([...ghosts, "ghost-4@example.com", "ghost-5@example.com"])).toHaveLength(
      3,
    );
    // A wrong password for an account that exists is always written.
    await invite("real@example.com");
    await signIn("real@example.com", "nope-1", "10.11.0.1");
    await signIn("real@example.com", "nope-2", "10.11.0.1");
    expect(await failures(["real@example.com"])).toHaveLength(2);
  });

  it("takes an invitation's one-time password for 7 days only", async () => {
    const user = await invite("late@example.com");
    const [stored] = await t.db.select().from(users).where(eq(users.id, user.id));
    const daysLater = (d: number) => new Date(stored!.createdAt.getTime() + d * 86_400_000);
    const password = "right-password-123";
    expect(await signIn("late@example.com", password, "10.0.9.1", daysLater(6.9))).toMatchObject({
      ok: true,
    });
    // The right password, expired: said as such (only to whoever holds it), not as a wrong one.
    expect(await signIn("late@example.com", password, "10.0.9.1", daysLater(7.1))).toEqual({
      ok: false,
      reason: "expired",
    });
    expect(await signIn("late@example.com", "wrong-password", "10.0.9.1", daysLater(7.1))).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await failedSignIn("late@example.com")).toMatchObject({
      reason: "temporary_password_expired",
    });
  });

  it("refuses a disabled account even with the right password", async () => {
    const admin = await invite("admin-for-disable@example.com", "admin");
    const user = await invite("disabled@example.com");
    await setDisabled(
      t.db,
      { type: "user", id: admin.id, label: admin.email, role: "admin" },
      { userId: user.id, disabled: true },
    );
    expect(await signIn("disabled@example.com", "right-password-123", "10.0.0.3")).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await failedSignIn("disabled@example.com")).toMatchObject({ reason: "disabled" });
  });

  it("locks an account for an address after 5 failures from it, even for the right password, until the window passes", async () => {
    await invite("target@example.com");
    for (let i = 0; i < signInLimits.account.max; i++) {
      const r = await signIn("target@example.com", `guess-${i}`, "10.1.0.1", minutesLater(i));
      expect(r).toEqual({ ok: false, reason: "invalid" });
    }
    expect(
      await signIn("target@example.com", "right-password-123", "10.1.0.1", minutesLater(6)),
    ).toEqual({ ok: false, reason: "rate_limited" });
    expect(await auditActions("target@example.com")).toContain("auth.sign_in_rate_limited");
    // The window started with the first failure; 15 minutes later the account opens again.
    expect(
      (await signIn("target@example.com", "right-password-123", "10.1.0.1", minutesLater(16))).ok,
    ).toBe(true);
  });

  it("does not lock its user out when someone fails on purpose from elsewhere", async () => {
    await invite("victim@example.com");
    for (let i = 0; i < signInLimits.account.max + 5; i++) {
      await signIn("victim@example.com", `spite-${i}`, "10.1.2.1", minutesLater(1));
    }
    expect(
      await signIn("victim@example.com", "right-password-123", "10.1.2.1", minutesLater(2)),
    ).toEqual({ ok: false, reason: "rate_limited" });
    // The user, at their own address, signs in.
    expect(
      (await signIn("victim@example.com", "right-password-123", "10.1.3.1", minutesLater(2))).ok,
    ).toBe(true);
  });

  it("limits one account's attempts from all addresses together, except from one it signed in from", async () => {
    await invite("spread@example.com");
    // The user signed in from home before.
    expect((await signIn("spread@example.com", "right-password-123", "10.4.0.1")).ok).toBe(true);
    const max = signInLimits.accountEverywhere.max;
    // Guessing spread over many addresses, a few tries from each.
    const results = [];
    for (let i = 0; i < max + 10; i++) {
      results.push(await signIn("spread@example.com", `spread-${i}`, `10.5.${i >> 2}.${i % 4}`));
    }
    expect(results.filter((r) => !r.ok && r.reason === "invalid")).toHaveLength(max);
    expect(results.filter((r) => !r.ok && r.reason === "rate_limited")).toHaveLength(10);
    const refusals = (
      await t.db
        .select()
        .from(auditEvents)
        .where(
          and(
            eq(auditEvents.actorLabel, "spread@example.com"),
            eq(auditEvents.action, "auth.sign_in_rate_limited"),
          ),
        )
    ).map((e) => e.detail);
    expect(refusals).toEqual([expect.objectContaining({ scope: "everywhere" })]);
    // A new address is refused even the right password; the user's own is not.
    expect(await signIn("spread@example.com", "right-password-123", "10.6.0.1")).toEqual({
      ok: false,
      reason: "rate_limited",
    });
    expect((await signIn("spread@example.com", "right-password-123", "10.4.0.1")).ok).toBe(true);
    // An address it signed in from longer ago than KNOWN_ADDRESS_DAYS is not its own any more.
    // (The audit trail stamps a sign-in with the database's clock: these attempts come later.)
    await invite("spread-old@example.com");
    expect((await signIn("spread-old@example.com", "right-password-123", "10.7.0.1")).ok).toBe(
      true,
    );
    const later = new Date(Date.now() + (KNOWN_ADDRESS_DAYS + 1) * 86_400_000);
    for (let i = 0; i < max; i++) {
      await signIn("spread-old@example.com", `old-${i}`, `10.8.${i >> 2}.${i % 4}`, later);
    }
    expect(await signIn("spread-old@example.com", "right-password-123", "10.7.0.1", later)).toEqual(
      { ok: false, reason: "rate_limited" },
    );
  }, 120_000);

  it("lets a browser the account signed in with through the overall limit, from any address", async () => {
    await invite("traveller@example.com");
    const max = signInLimits.accountEverywhere.max;
    for (let i = 0; i < max; i++) {
      await signIn("traveller@example.com", `guess-${i}`, `10.15.${i >> 2}.${i % 4}`);
    }
    const fromHotel = (knownDevice: (account: KnownAccount) => boolean) =>
      authenticate(
        t.db,
        {
          email: "traveller@example.com",
          password: "right-password-123",
          ip: "10.16.0.1",
          knownDevice,
        },
        at,
      );
    expect(await fromHotel(() => false)).toEqual({ ok: false, reason: "rate_limited" });
    // Asked for the address the sign-in names, lower-cased as stored, at the account's version.
    const asked: KnownAccount[] = [];
    const result = await fromHotel((account) => (asked.push(account), true));
    expect(result.ok).toBe(true);
    const [stored] = await t.db
      .select({ sessionVersion: users.sessionVersion })
      .from(users)
      .where(eq(users.email, "traveller@example.com"));
    expect(asked).toEqual([{ email: "traveller@example.com", ...stored }]);
  }, 120_000);

  it("holds out a browser known from before the account signed out everywhere", async () => {
    const secret = "a-secret-of-this-instance-0123456789";
    const { id } = await invite("copied@example.com");
    const [user] = await t.db.select().from(users).where(eq(users.id, id));
    const cookie = withAccount(secret, undefined, user!);
    const max = signInLimits.accountEverywhere.max;
    for (let i = 0; i < max; i++) {
      await signIn("copied@example.com", `guess-${i}`, `10.17.${i >> 2}.${i % 4}`);
    }
    const withCookie = (ip: string) =>
      authenticate(
        t.db,
        {
          email: "copied@example.com",
          password: "right-password-123",
          ip,
          knownDevice: (account) => knowsAccount(secret, cookie, account),
        },
        at,
      );
    expect((await withCookie("10.18.0.1")).ok).toBe(true);
    // The user signs out everywhere else (their laptop was stolen, its cookies copied).
    await endOtherSessions(t.db, user!, at);
    expect(await withCookie("10.18.1.1")).toEqual({ ok: false, reason: "rate_limited" });
  }, 120_000);

  it("audits the first refusal by the overall limit, also when the attempt past it was let through", async () => {
    await invite("mistyped@example.com");
    expect((await signIn("mistyped@example.com", "right-password-123", "10.12.0.1")).ok).toBe(true);
    const max = signInLimits.accountEverywhere.max;
    for (let i = 0; i < max; i++) {
      await signIn("mistyped@example.com", `guess-${i}`, `10.13.${i >> 2}.${i % 4}`);
    }
    // The user mistypes at home: past the limit, but their own address is let through.
    expect(await signIn("mistyped@example.com", "wrong-at-home", "10.12.0.1")).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await signIn("mistyped@example.com", "guess-again", "10.14.0.1")).toEqual({
      ok: false,
      reason: "rate_limited",
    });
    await signIn("mistyped@example.com", "guess-more", "10.14.0.2");
    const refusals = (await auditActions("mistyped@example.com")).filter(
      (a) => a === "auth.sign_in_rate_limited",
    );
    expect(refusals).toHaveLength(1);
  }, 120_000);

  it("limits failures per address across many accounts (password spraying)", async () => {
    const ip = "10.9.9.9";
    for (let i = 0; i < signInLimits.ip.max; i++) {
      await signIn(`spray-${i}@example.com`, "x", ip);
    }
    await invite("sprayed@example.com");
    expect(await signIn("sprayed@example.com", "right-password-123", ip)).toEqual({
      ok: false,
      reason: "rate_limited",
    });
    expect((await signIn("sprayed@example.com", "right-password-123", "10.9.9.10")).ok).toBe(true);
  });

  it("lets a colleague's known browser sign in from an address someone else sprayed", async () => {
    const secret = "a-secret-of-this-instance-0123456789";
    const ip = "10.9.7.7"; // an office's one public address
    const { id } = await invite("colleague@example.com");
    const [user] = await t.db.select().from(users).where(eq(users.id, id));
    const cookie = withAccount(secret, undefined, user!);
    for (let i = 0; i < signInLimits.ip.max; i++) await signIn(`sprayer-${i}@example.com`, "x", ip);
    const colleague = (password: string, known: boolean) =>
      authenticate(
        t.db,
        {
          email: "colleague@example.com",
          password,
          ip,
          knownDevice: (account) => known && knowsAccount(secret, cookie, account),
        },
        at,
      );
    // A browser the account never signed in with is held up with everyone at the address.
    expect(await colleague("right-password-123", false)).toEqual({
      ok: false,
      reason: "rate_limited",
    });
    // Their own browser is not; a wrong password from it is still refused as wrong.
    expect(await colleague("wrong-password", true)).toEqual({ ok: false, reason: "invalid" });
    expect((await colleague("right-password-123", true)).ok).toBe(true);
    // The sprayer, with no such browser, is still held up.
    expect(await signIn("sprayer-x@example.com", "x", ip)).toEqual({
      ok: false,
      reason: "rate_limited",
    });
  });

  it("checks at most the address's limit of passwords when many accounts are tried at once", async () => {
    const ip = "10.9.8.7";
    const results = await Promise.all(
      Array.from({ length: signInLimits.ip.max + 15 }, (_, i) =>
        signIn(`spray-at-once-${i}@example.com`, "x", ip),
      ),
    );
    // "invalid" means the password was checked; "rate_limited" answers before any check.
    expect(results.filter((r) => !r.ok && r.reason === "invalid")).toHaveLength(
      signInLimits.ip.max,
    );
    expect(results.filter((r) => !r.ok && r.reason === "rate_limited")).toHaveLength(15);
    // A right password from that address is refused too until the window ends.
    await invite("sprayed-at-once@example.com");
    expect((await signIn("sprayed-at-once@example.com", "right-password-123", ip)).ok).toBe(false);
  });

  it("counts an IPv6 client by its /64, which one household or server holds whole", async () => {
    for (let i = 0; i < signInLimits.ip.max; i++) {
      await signIn(`v6-spray-${i}@example.com`, "x", `2001:db8:1:2::${(i + 1).toString(16)}`);
    }
    await invite("v6-sprayed@example.com");
    const from = (ip: string) => signIn("v6-sprayed@example.com", "right-password-123", ip);
    expect(await from("2001:db8:1:2:ffff::1")).toEqual({ ok: false, reason: "rate_limited" });
    expect(await from("2001:0db8:0001:0002:0:0:0:abcd")).toEqual({
      ok: false,
      reason: "rate_limited",
    });
    expect((await from("2001:db8:1:3::1")).ok).toBe(true);
  });

  it("counts only failures against the address: sign-ins that succeed leave it as it was", async () => {
    const ip = "10.9.8.8";
    await invite("often@example.com");
    for (let i = 0; i < signInLimits.ip.max + 5; i++)
      expect((await signIn("often@example.com", "right-password-123", ip)).ok).toBe(true);
  });

  it("20 wrong passwords sent at once for one account from one address check at most 5 and audit one refusal", async () => {
    await invite("burst@example.com");
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        signIn("burst@example.com", `burst-guess-${i}`, "10.2.0.1"),
      ),
    );
    // "invalid" means the password was checked; "rate_limited" answers before any check.
    expect(results.filter((r) => !r.ok && r.reason === "invalid")).toHaveLength(5);
    expect(results.filter((r) => !r.ok && r.reason === "rate_limited")).toHaveLength(15);
    const actions = await auditActions("burst@example.com");
    expect(actions.filter((a) => a === "auth.sign_in_failed")).toHaveLength(5);
    expect(actions.filter((a) => a === "auth.sign_in_rate_limited")).toHaveLength(1);
    // More refused attempts are counted but write nothing.
    for (let i = 0; i < 10; i++) {
      await signIn("burst@example.com", "again", "10.2.0.1", minutesLater(1));
    }
    expect(await auditActions("burst@example.com")).toHaveLength(6);
    const [counter] = await t.db
      .select()
      .from(rateLimits)
      .where(eq(rateLimits.key, hashedKey("signin:account", "burst@example.com\n10.2.0.1")));
    expect(counter?.count).toBe(30);
  });

  it("checks at most the overall limit of passwords for one account sent at once from many addresses", async () => {
    await invite("burst-spread@example.com");
    const max = signInLimits.accountEverywhere.max;
    const results = await Promise.all(
      Array.from({ length: max + 15 }, (_, i) =>
        signIn("burst-spread@example.com", `guess-${i}`, `10.10.${i >> 2}.${i % 4}`),
      ),
    );
    expect(results.filter((r) => !r.ok && r.reason === "invalid")).toHaveLength(max);
    expect(results.filter((r) => !r.ok && r.reason === "rate_limited")).toHaveLength(15);
  }, 120_000);

  it("keeps counter keys short whatever the email, and deletes counters whose window ended", async () => {
    const long = `${"x".repeat(300)}@example.com`;
    await signIn(long, "nope", "10.3.0.1");
    const keys = (await t.db.select().from(rateLimits)).map((r) => r.key);
    expect(Math.max(...keys.map((k) => k.length))).toBeLessThanOrEqual(MAX_KEY_LENGTH);
    expect(keys.some((k) => k.includes("xxxx"))).toBe(false);
    // A day later, the first new window clears every expired row.
    await signIn("later@example.com", "nope", "10.3.0.2", minutesLater(24 * 60));
    const left = await t.db.select().from(rateLimits);
    expect(left.every((r) => r.expiresAt.getTime() > minutesLater(24 * 60).getTime())).toBe(true);
    expect(left.length).toBeGreaterThan(0);
  });

  it("the database refuses a counter key over the length limit", async () => {
    await expect(
      t.db
        .insert(rateLimits)
        .values({ key: "k".repeat(MAX_KEY_LENGTH + 1), windowStart: at, count: 1 }),
    ).rejects.toThrow();
  });

  it("treats malformed input as a failed sign-in, not an error", async () => {
    expect(await authenticate(t.db, { email: ["x"], password: 42, ip: undefined }, at)).toEqual({
      ok: false,
      reason: "invalid",
    });
  });
});
