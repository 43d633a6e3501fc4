import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, users } from "@/db/schema";
import { inviteUser, setDisabled } from "@/lib/users";
import { createTestDatabase, testDriver, type TestDatabase } from "@/tests/database";
import { signInLimits } from "./rate-limit";
import { authenticate } from "./sign-in";

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

async function auditActions(email: string) {
  const rows = await t.db.select().from(auditEvents).where(eq(auditEvents.actorLabel, email));
  return rows.map((r) => r.action);
}

describe(`sign-in on ${testDriver}`, () => {
  it("signs in with the right password (email case-insensitive) and audits it", async () => {
    const user = await invite("ok@example.com");
    const result = await authenticate(
      t.db,
      { email: "OK@Example.com", password: "right-password-123", ip: "10.0.0.1" },
      at,
    );
    expect(result).toMatchObject({ ok: true, user: { id: user.id } });
    expect(await auditActions("ok@example.com")).toContain("auth.sign_in");
    const [stored] = await t.db.select().from(users).where(eq(users.id, user.id));
    expect(stored?.lastSignInAt?.toISOString()).toBe(at.toISOString());
  });

  it("refuses a wrong password and an unknown account alike, auditing both", async () => {
    await invite("wrong@example.com");
    expect(
      await authenticate(
        t.db,
        { email: "wrong@example.com", password: "nope", ip: "10.0.0.2" },
        at,
      ),
    ).toEqual({ ok: false, reason: "invalid" });
    expect(
      await authenticate(
        t.db,
        { email: "ghost@example.com", password: "nope", ip: "10.0.0.2" },
        at,
      ),
    ).toEqual({ ok: false, reason: "invalid" });
    expect(await auditActions("wrong@example.com")).toEqual(["auth.sign_in_failed"]);
    expect(await auditActions("ghost@example.com")).toEqual(["auth.sign_in_failed"]);
  });

  it("refuses a disabled account even with the right password", async () => {
    const admin = await invite("admin-for-disable@example.com", "admin");
    const user = await invite("disabled@example.com");
    await setDisabled(
      t.db,
      { type: "user", id: admin.id, label: admin.email, role: "admin" },
      { userId: user.id, disabled: true },
    );
    expect(
      await authenticate(
        t.db,
        { email: "disabled@example.com", password: "right-password-123", ip: "10.0.0.3" },
        at,
      ),
    ).toEqual({ ok: false, reason: "invalid" });
    const [failed] = await t.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.actorLabel, "disabled@example.com"),
          eq(auditEvents.action, "auth.sign_in_failed"),
        ),
      );
    expect(failed?.detail).toMatchObject({ reason: "disabled" });
  });

  it("locks an account after 5 failures, even for the right password, until the window passes", async () => {
    await invite("target@example.com");
    for (let i = 0; i < signInLimits.account.max; i++) {
      const r = await authenticate(
        t.db,
        { email: "target@example.com", password: `guess-${i}`, ip: `10.1.0.${i}` },
        minutesLater(i),
      );
      expect(r).toEqual({ ok: false, reason: "invalid" });
    }
    expect(
      await authenticate(
        t.db,
        { email: "target@example.com", password: "right-password-123", ip: "10.1.1.1" },
        minutesLater(6),
      ),
    ).toEqual({ ok: false, reason: "rate_limited" });
    expect(await auditActions("target@example.com")).toContain("auth.sign_in_rate_limited");
    // The window started with the first failure; 15 minutes later the account opens again.
    expect(
      (
        await authenticate(
          t.db,
          { email: "target@example.com", password: "right-password-123", ip: "10.1.1.1" },
          minutesLater(16),
        )
      ).ok,
    ).toBe(true);
  });

  it("limits failures per address across many accounts (password spraying)", async () => {
    const ip = "10.9.9.9";
    for (let i = 0; i < signInLimits.ip.max; i++) {
      await authenticate(t.db, { email: `spray-${i}@example.com`, password: "x", ip }, at);
    }
    await invite("sprayed@example.com");
    expect(
      await authenticate(
        t.db,
        { email: "sprayed@example.com", password: "right-password-123", ip },
        at,
      ),
    ).toEqual({ ok: false, reason: "rate_limited" });
    expect(
      (
        await authenticate(
          t.db,
          { email: "sprayed@example.com", password: "right-password-123", ip: "10.9.9.10" },
          at,
        )
      ).ok,
    ).toBe(true);
  });

  it("treats malformed input as a failed sign-in, not an error", async () => {
    expect(await authenticate(t.db, { email: ["x"], password: 42, ip: undefined }, at)).toEqual({
      ok: false,
      reason: "invalid",
    });
  });
});
