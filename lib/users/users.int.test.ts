import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, users } from "@/db/schema";
import type { Actor } from "@/lib/audit/record";
import { RuleError } from "@/lib/errors";
import { createTestDatabase, testDriver, type TestDatabase } from "@/tests/database";
import { raceBehindHeldRow } from "@/tests/race";
import { verifyPassword } from "@/lib/auth/password";
import { TEMPORARY_PASSWORD_DAYS, temporaryPasswordExpiresAt } from "@/lib/auth/sign-in";
import { resetPassword } from "@/lib/accounts";
import { accountStatus, changeRole, inviteUser, listUsers, setDisabled } from ".";

let t: TestDatabase;
let admin: Actor & { type: "user" };
const system = { type: "system", label: "test" } as const;

beforeAll(async () => {
  t = await createTestDatabase();
  const { user } = await inviteUser(t.db, system, { email: "root@example.com", role: "admin" });
  admin = { type: "user", id: user.id, label: user.email, role: "admin" };
});
afterAll(() => t?.drop());

async function auditFor(entityId: string) {
  return t.db.select().from(auditEvents).where(eq(auditEvents.entityId, entityId));
}

describe(`users on ${testDriver}`, () => {
  it("invites with a one-time password that signs in, and audits the invitation", async () => {
    const { user, temporaryPassword } = await inviteUser(t.db, admin, {
      email: "New.Person@Example.com",
      name: "New",
      role: "privacy",
    });
    expect(user.email).toBe("new.person@example.com");
    expect(temporaryPassword).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    const [stored] = await t.db.select().from(users).where(eq(users.id, user.id));
    expect(await verifyPassword(stored!.passwordHash!, temporaryPassword)).toBe(true);
    const [event] = await auditFor(user.id);
    expect(event).toMatchObject({
      action: "user.invite",
      actorId: admin.id,
      actorLabel: "root@example.com",
    });
    expect(event?.after).not.toHaveProperty("passwordHash");
  });

  it("says where each account stands: an invitation until its one-time password runs out, then that it has", async () => {
    const { user } = await inviteUser(t.db, admin, {
      email: "status@example.com",
      role: "marketing",
    });
    const [stored] = await t.db.select().from(users).where(eq(users.id, user.id));
    const invited = stored!.createdAt.getTime();
    const day = 86_400_000;
    const statusAt = async (ms: number) =>
      (await listUsers(t.db, new Date(ms))).find((u) => u.id === user.id)!.account;
    const until = new Date(invited + TEMPORARY_PASSWORD_DAYS * day);
    expect(await statusAt(invited + day)).toEqual({ status: "invitedUntil", until });
    expect(await statusAt(invited + 8 * day)).toEqual({ status: "invitationExpired", until });
    // The page and sign-in agree on the moment: the password works until then, not after.
    expect(temporaryPasswordExpiresAt(stored!)).toEqual(until);
    // A reset sends a link instead: nothing runs out on the page any more.
    await resetPassword(t.db, admin, user.id, new Date(invited + 8 * day));
    expect(await statusAt(invited + 9 * day)).toEqual({ status: "mustSetPassword" });
    await setDisabled(t.db, admin, { userId: user.id, disabled: true });
    expect(await statusAt(invited + 9 * day)).toEqual({ status: "disabled" });
    // One whose user chose their own password is enabled.
    expect(
      accountStatus({ ...stored!, mustChangePassword: false }, new Date(invited + 9 * day)),
    ).toEqual({ status: "enabled" });
  });

  it("refuses a second account with the same email, in any case, on the email field", async () => {
    await inviteUser(t.db, admin, { email: "twice@example.com", role: "marketing" });
    const error = await inviteUser(t.db, admin, {
      email: "TWICE@example.com",
      role: "admin",
    }).catch((e) => e);
    expect(error).toBeInstanceOf(RuleError);
    expect(error.issues).toEqual([{ path: "email", message: "validation.emailTaken" }]);
  });

  it("refuses the same email invited twice at the same moment, on the email field", async () => {
    const twins = await raceBehindHeldRow(
      t,
      (tx) => tx.insert(users).values({ email: "same.time@example.com", role: "marketing" }),
      ["same.time@example.com", "Same.Time@example.com"].map(
        (email) => () => inviteUser(t.db, admin, { email, role: "marketing" }),
      ),
    );
    const refused = twins.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
    expect(refused).toHaveLength(1);
    expect(refused[0]).toBeInstanceOf(RuleError);
    expect(refused[0].issues).toEqual([{ path: "email", message: "validation.emailTaken" }]);
  });

  it("changes a role and records before and after", async () => {
    const { user } = await inviteUser(t.db, admin, {
      email: "promote@example.com",
      role: "marketing",
    });
    const after = await changeRole(t.db, admin, { userId: user.id, role: "privacy" });
    expect(after.role).toBe("privacy");
    const change = (await auditFor(user.id)).find((e) => e.action === "user.change_role");
    expect(change?.before).toMatchObject({ role: "marketing" });
    expect(change?.after).toMatchObject({ role: "privacy" });
  });

  it("keeps at least one enabled admin and refuses changes to oneself", async () => {
    await expect(
      changeRole(t.db, admin, { userId: admin.id, role: "marketing" }),
    ).rejects.toBeInstanceOf(RuleError);
    // The same id in capitals is the same user to the database, and to the check.
    const self = { issues: [{ path: "userId", message: "validation.selfChange" }] };
    await expect(
      changeRole(t.db, admin, { userId: admin.id.toUpperCase(), role: "marketing" }),
    ).rejects.toMatchObject(self);
    await expect(
      setDisabled(t.db, admin, { userId: admin.id.toUpperCase(), disabled: true }),
    ).rejects.toMatchObject(self);
    const { user: other } = await inviteUser(t.db, admin, {
      email: "second-admin@example.com",
      role: "admin",
    });
    const otherActor: Actor = { type: "user", id: other.id, label: other.email, role: "admin" };
    // Demoting the first admin is fine while the second remains…
    await changeRole(t.db, otherActor, { userId: admin.id, role: "privacy" });
    // …but then the second, now the only admin, cannot be disabled:
    const error = await setDisabled(t.db, system, { userId: other.id, disabled: true }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(RuleError);
    expect(error.message).toMatch(/at least one enabled admin/);
    const [stillAdmin] = await t.db.select().from(users).where(eq(users.id, other.id));
    expect(stillAdmin).toMatchObject({ role: "admin", disabled: false });
    await changeRole(t.db, otherActor, { userId: admin.id, role: "admin" });
  });

  it("writes nothing when the audit event cannot be written (one transaction)", async () => {
    const { user } = await inviteUser(t.db, admin, {
      email: "atomic@example.com",
      role: "marketing",
    });
    const brokenActor = { ...admin, label: null as unknown as string }; // audit_events.actor_label is NOT NULL
    await expect(
      changeRole(t.db, brokenActor, { userId: user.id, role: "admin" }),
    ).rejects.toThrow();
    const [stored] = await t.db.select().from(users).where(eq(users.id, user.id));
    expect(stored?.role).toBe("marketing");
    expect((await auditFor(user.id)).map((e) => e.action)).toEqual(["user.invite"]);
  });

  it("refuses unknown roles and malformed ids before touching the database", async () => {
    await expect(
      changeRole(t.db, admin, { userId: "not-a-uuid", role: "admin" }),
    ).rejects.toThrow();
    await expect(changeRole(t.db, admin, { userId: admin.id, role: "owner" })).rejects.toThrow();
  });
});
