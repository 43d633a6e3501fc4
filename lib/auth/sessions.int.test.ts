import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, endedSessions } from "@/db/schema";
import { getUserById, inviteUser, setDisabled } from "@/lib/users";
import { createTestDatabase, testDriver, type TestDatabase } from "@/tests/database";
import {
  endSession,
  newSessionClaims,
  SESSION_MAX_AGE_SECONDS,
  sessionClaimsOf,
  sessionUser,
} from "./sessions";

let t: TestDatabase;
const system = { type: "system", label: "test" } as const;
const at = new Date("2026-12-03T10:00:00Z");
const later = (seconds: number) => new Date(at.getTime() + seconds * 1000);

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.drop());

async function invite(email: string) {
  const { user } = await inviteUser(
    t.db,
    system,
    { email, role: "marketing" },
    { password: "x".repeat(16) },
  );
  return (await getUserById(t.db, user.id))!;
}

async function signOuts(userId: string) {
  const rows = await t.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.actorId, userId), eq(auditEvents.action, "auth.sign_out")));
  return rows.length;
}

describe(`sessions on ${testDriver}`, () => {
  it("a sign-out ends that session and no other of the same user, audited once", async () => {
    const user = await invite("out@example.com");
    const laptop = newSessionClaims(user, at);
    const phone = newSessionClaims(user, at);
    expect(laptop.sid).not.toBe(phone.sid);
    expect((await sessionUser(t.db, laptop, later(60)))?.id).toBe(user.id);

    await endSession(t.db, laptop, later(120), "10.0.0.1");
    expect(await sessionUser(t.db, laptop, later(121))).toBeNull();
    expect((await sessionUser(t.db, phone, later(121)))?.id).toBe(user.id);
    // Signing out again with a copy of the same token changes nothing and is not audited twice.
    await endSession(t.db, laptop, later(180));
    expect(await signOuts(user.id)).toBe(1);
    const [row] = await t.db
      .select()
      .from(endedSessions)
      .where(eq(endedSessions.sessionId, laptop.sid));
    expect(row?.expiresAt.toISOString()).toBe(later(SESSION_MAX_AGE_SECONDS).toISOString());
  });

  it("a session ends 12 hours after its sign-in", async () => {
    const user = await invite("expiry@example.com");
    const claims = newSessionClaims(user, at);
    expect((await sessionUser(t.db, claims, later(SESSION_MAX_AGE_SECONDS - 1)))?.id).toBe(user.id);
    expect(await sessionUser(t.db, claims, later(SESSION_MAX_AGE_SECONDS))).toBeNull();
  });

  it("a session of an older session version or of a disabled user does not count", async () => {
    const user = await invite("version@example.com");
    const claims = newSessionClaims(user, at);
    expect(await sessionUser(t.db, { ...claims, sv: claims.sv + 1 }, later(1))).toBeNull();
    expect(await sessionUser(t.db, { ...claims, uid: crypto.randomUUID() }, later(1))).toBeNull();
    await setDisabled(t.db, system, { userId: user.id, disabled: true });
    expect(await sessionUser(t.db, claims, later(2))).toBeNull();
  });

  it("rows of sessions that ended over an hour ago are cleared by the next sign-out", async () => {
    const user = await invite("sweep@example.com");
    const old = newSessionClaims(user, at);
    await endSession(t.db, old, later(10));
    const kept = newSessionClaims(user, later(SESSION_MAX_AGE_SECONDS));
    await endSession(t.db, kept, later(SESSION_MAX_AGE_SECONDS + 10));
    // Within the hour after its end the row stays: an instance whose clock runs behind must
    // still find it.
    const rows = () =>
      t.db
        .select({ sessionId: endedSessions.sessionId })
        .from(endedSessions)
        .where(eq(endedSessions.userId, user.id));
    expect((await rows()).map((r) => r.sessionId).sort()).toEqual([old.sid, kept.sid].sort());
    const next = newSessionClaims(user, later(SESSION_MAX_AGE_SECONDS + 3_600));
    await endSession(t.db, next, later(SESSION_MAX_AGE_SECONDS + 3_610));
    const left = await t.db
      .select({ sessionId: endedSessions.sessionId })
      .from(endedSessions)
      .where(eq(endedSessions.userId, user.id));
    expect(left.map((r) => r.sessionId).sort()).toEqual([kept.sid, next.sid].sort());
  });

  it("signing out of a session that no longer counted writes nothing and audits nothing", async () => {
    const user = await invite("dead@example.com");
    const expired = newSessionClaims(user, at);
    await endSession(t.db, expired, later(SESSION_MAX_AGE_SECONDS + 1));
    await endSession(
      t.db,
      { ...newSessionClaims(user, at), sv: user.sessionVersion + 1 },
      later(5),
    );
    const rows = await t.db.select().from(endedSessions).where(eq(endedSessions.userId, user.id));
    expect(rows).toEqual([]);
    expect(await signOuts(user.id)).toBe(0);
  });

  it("a token without a session id or sign-in moment is no session", () => {
    const claims = { uid: crypto.randomUUID(), sv: 0, sid: "abc", authTime: 1_700_000_000 };
    expect(sessionClaimsOf(claims)).toEqual(claims);
    expect(sessionClaimsOf({ ...claims, sid: undefined })).toBeNull();
    expect(sessionClaimsOf({ ...claims, sid: "" })).toBeNull();
    expect(sessionClaimsOf({ ...claims, authTime: undefined })).toBeNull();
    expect(sessionClaimsOf({ ...claims, sv: "0" })).toBeNull();
    expect(sessionClaimsOf(null)).toBeNull();
  });
});
