import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, passwordTokens, users } from "@/db/schema";
import type { Actor } from "@/lib/audit/record";
import { authenticate } from "@/lib/auth/sign-in";
import { newSessionClaims, sessionUser } from "@/lib/auth/sessions";
import { RuleError, SessionEndedError } from "@/lib/errors";
import { bindOidcSubject, inviteUser, setDisabled } from "@/lib/users";
import { createTestDatabase, testDriver, type TestDatabase } from "@/tests/database";
import { raceBehindHeldRow } from "@/tests/race";
import {
  changeOwnPassword,
  createAdmin,
  endOtherSessions,
  resetPassword,
  setPasswordWithLink,
  userOfPasswordLink,
} from ".";

let t: TestDatabase;
let admin: Actor & { type: "user" };
const system = { type: "system", label: "test" } as const;
const at = new Date("2026-12-01T10:00:00Z");
const hoursLater = (h: number) => new Date(at.getTime() + h * 3600_000);
const STRONG = "copper kettle violet harbour";
const STRONGER = "lantern orchard pebble tundra";

beforeAll(async () => {
  t = await createTestDatabase();
  const { user } = await inviteUser(t.db, system, { email: "root@example.com", role: "admin" });
  admin = { type: "user", id: user.id, label: user.email, role: "admin" };
});
afterAll(() => t?.drop());

const stored = async (id: string) => (await t.db.select().from(users).where(eq(users.id, id)))[0]!;
const actions = async (id: string) =>
  (await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, id))).map((e) => e.action);
const ruleMessages = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RuleError);
  return (error as RuleError).issues.map((i) => `${i.path}: ${i.message}`);
};

describe(`accounts on ${testDriver}`, () => {
  it("admin:create makes an admin with no password and a one-time link of 24 h, stored only as a hash", async () => {
    const { user, link, created } = await createAdmin(t.db, { email: "First@Example.com" }, at);
    expect(created).toBe(true);
    expect(user).toMatchObject({ email: "first@example.com", role: "admin" });
    expect((await stored(user.id)).passwordHash).toBeNull();
    expect(link.expiresAt.toISOString()).toBe(hoursLater(24).toISOString());
    const [token] = await t.db
      .select()
      .from(passwordTokens)
      .where(eq(passwordTokens.userId, user.id));
    expect(token?.tokenHash).toBe(createHash("sha256").update(link.token).digest("hex"));
    expect(JSON.stringify(token)).not.toContain(link.token);
    expect(await actions(user.id)).toEqual(["user.admin_create"]);

    // Nobody signs in before the password is set.
    expect(
      (await authenticate(t.db, { email: "first@example.com", password: STRONG, ip: "a" }, at)).ok,
    ).toBe(false);
    // The link works until it expires, once.
    expect(await userOfPasswordLink(t.db, link.token, hoursLater(23.9))).toMatchObject({
      id: user.id,
    });
    expect(await userOfPasswordLink(t.db, link.token, hoursLater(24))).toBeUndefined();
    expect(
      await ruleMessages(
        setPasswordWithLink(t.db, { token: link.token, newPassword: "password1234" }, at),
      ),
    ).toEqual(["newPassword: validation.passwordCommon"]);
    await setPasswordWithLink(t.db, { token: link.token, newPassword: STRONG }, hoursLater(1));
    expect(
      await ruleMessages(
        setPasswordWithLink(t.db, { token: link.token, newPassword: STRONGER }, hoursLater(2)),
      ),
    ).toEqual(["token: validation.passwordLinkInvalid"]);
    const after = await stored(user.id);
    expect(after.mustChangePassword).toBe(false);
    expect(
      (await authenticate(t.db, { email: "first@example.com", password: STRONG, ip: "b" }, at)).ok,
    ).toBe(true);
    expect(await actions(user.id)).toContain("user.password_set");
  });

  it("a first sign-in through single sign-on ends the unused link to set a password", async () => {
    const { user, link } = await createAdmin(t.db, { email: "sso-first@example.com" }, at);
    const bound = await bindOidcSubject(t.db, {
      subject: "sub-sso-first",
      email: "sso-first@example.com",
      emailVerified: true,
    });
    expect(bound.ok).toBe(true);
    expect((await stored(user.id)).passwordHash).toBeNull();
    // Whoever still holds the link (a terminal's scrollback, the mailbox) cannot set one now.
    expect(await userOfPasswordLink(t.db, link.token, hoursLater(1))).toBeUndefined();
    expect(
      await ruleMessages(
        setPasswordWithLink(t.db, { token: link.token, newPassword: STRONG }, hoursLater(1)),
      ),
    ).toEqual(["token: validation.passwordLinkInvalid"]);
  });

  it("an expired link sets nothing", async () => {
    const { user, link } = await createAdmin(t.db, { email: "late@example.com" }, at);
    expect(
      await ruleMessages(
        setPasswordWithLink(t.db, { token: link.token, newPassword: STRONG }, hoursLater(25)),
      ),
    ).toEqual(["token: validation.passwordLinkInvalid"]);
    expect((await stored(user.id)).passwordHash).toBeNull();
  });

  it("admin:create for a disabled admin says so and enables them only when asked", async () => {
    const { user } = await createAdmin(t.db, { email: "benched@example.com" }, at);
    await setDisabled(t.db, admin, { userId: user.id, disabled: true });
    const versionBefore = (await stored(user.id)).sessionVersion;
    // A link for a disabled account would open nothing: refused, and nothing issued.
    await expect(createAdmin(t.db, { email: "benched@example.com" }, at)).rejects.toThrow(
      /benched@example.com is disabled.*--enable/,
    );
    const tokens = () =>
      t.db.select().from(passwordTokens).where(eq(passwordTokens.userId, user.id));
    expect(await tokens()).toHaveLength(1);
    const { link, created, enabled } = await createAdmin(
      t.db,
      { email: "benched@example.com" },
      at,
      { enable: true },
    );
    expect([created, enabled]).toEqual([false, true]);
    const after = await stored(user.id);
    expect(after.disabled).toBe(false);
    // Enabling ends every session from before, as on the users page.
    expect(after.sessionVersion).toBe(versionBefore + 1);
    expect(await userOfPasswordLink(t.db, link.token, hoursLater(1))).toMatchObject({
      id: user.id,
    });
    expect(await actions(user.id)).toEqual(
      expect.arrayContaining(["user.disable", "user.enable", "user.admin_link"]),
    );
  });

  it("refuses admin:create for an address that belongs to a non-admin", async () => {
    await inviteUser(t.db, admin, { email: "marketer@example.com", role: "marketing" });
    await expect(createAdmin(t.db, { email: "marketer@example.com" }, at)).rejects.toThrow(
      /already has the role "marketing"/,
    );
  });

  it("a user changes their own password: checked, explained when weak, other sessions end, audited", async () => {
    const { user, temporaryPassword } = await inviteUser(t.db, admin, {
      email: "changer@example.com",
      name: "Chris Changer",
      role: "privacy",
    });
    const before = await stored(user.id);
    expect(before.mustChangePassword).toBe(true);
    const refusal = (currentPassword: string, newPassword: string) =>
      ruleMessages(
        changeOwnPassword(t.db, before, { currentPassword, newPassword }, at, "192.0.2.7"),
      );
    expect(await refusal("wrong", STRONG)).toEqual(["currentPassword: validation.passwordWrong"]);
    expect(await refusal(temporaryPassword, "short")).toEqual([
      "newPassword: validation.passwordTooShort",
    ]);
    expect(await refusal(temporaryPassword, "chrischanger")).toEqual([
      "newPassword: validation.passwordPersonal",
    ]);
    // Nothing changed by the refusals.
    expect((await stored(user.id)).sessionVersion).toBe(before.sessionVersion);

    const after = await changeOwnPassword(
      t.db,
      before,
      { currentPassword: temporaryPassword, newPassword: STRONG },
      at,
      "192.0.2.7",
    );
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);
    expect(after.mustChangePassword).toBe(false);
    expect(await actions(user.id)).toContain("user.password_change");
    // Each with the client's address, the main evidence of who changed it.
    const trail = await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, user.id));
    expect(
      trail.filter((e) => e.action.startsWith("user.password_change")).map((e) => [e.action, e.ip]),
    ).toEqual([
      ["user.password_change_failed", "192.0.2.7"],
      ["user.password_change", "192.0.2.7"],
    ]);
    const signIn = (password: string) =>
      authenticate(t.db, { email: "changer@example.com", password, ip: "c" }, at);
    expect((await signIn(temporaryPassword)).ok).toBe(false);
    expect((await signIn(STRONG)).ok).toBe(true);
  });

  it("keeps the language a user signs in with, for the mails an admin's reset sends them", async () => {
    const { user } = await inviteUser(t.db, admin, {
      email: "deutsch@example.com",
      role: "marketing",
    });
    // Never signed in: not known (the admin's own language is used).
    expect((await resetPassword(t.db, admin, user.id, at)).locale).toBeNull();
    const sso = await inviteUser(t.db, admin, { email: "sso-de@example.com", role: "privacy" });
    await bindOidcSubject(t.db, {
      subject: "sub-sso-de",
      email: "sso-de@example.com",
      emailVerified: true,
      locale: "de",
    });
    expect((await stored(sso.user.id)).locale).toBe("de");
    expect((await resetPassword(t.db, admin, sso.user.id, at)).locale).toBe("de");
    // A password sign-in in English later makes English the user's language.
    const other = await inviteUser(t.db, admin, { email: "english@example.com", role: "privacy" });
    const signIn = (locale: "en" | "de") =>
      authenticate(
        t.db,
        { email: "english@example.com", password: other.temporaryPassword, ip: "l", locale },
        at,
      );
    expect((await signIn("de")).ok).toBe(true);
    expect((await stored(other.user.id)).locale).toBe("de");
    expect((await signIn("en")).ok).toBe(true);
    expect((await resetPassword(t.db, admin, other.user.id, at)).locale).toBe("en");
  });

  it("an admin's reset ends the old password and sessions at once; the link sets a new one", async () => {
    const { user, temporaryPassword } = await inviteUser(t.db, admin, {
      email: "forgetful@example.com",
      role: "marketing",
    });
    const before = await stored(user.id);
    const { link } = await resetPassword(t.db, admin, user.id, at);
    const reset = await stored(user.id);
    expect(reset.passwordHash).toBeNull();
    expect(reset.mustChangePassword).toBe(true);
    expect(reset.sessionVersion).toBe(before.sessionVersion + 1);
    expect(
      (
        await authenticate(
          t.db,
          { email: "forgetful@example.com", password: temporaryPassword, ip: "d" },
          at,
        )
      ).ok,
    ).toBe(false);
    // A second reset replaces the first link.
    const second = await resetPassword(t.db, admin, user.id, hoursLater(1));
    expect(await userOfPasswordLink(t.db, link.token, hoursLater(1))).toBeUndefined();
    await setPasswordWithLink(
      t.db,
      { token: second.link.token, newPassword: STRONG },
      hoursLater(2),
    );
    expect((await stored(user.id)).sessionVersion).toBe(before.sessionVersion + 3);
    expect(await actions(user.id)).toEqual(
      expect.arrayContaining(["user.password_reset", "user.password_set"]),
    );
    const [resetEvent] = await t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "user.password_reset"));
    expect(resetEvent?.actorId).toBe(admin.id);
    expect(JSON.stringify(resetEvent)).not.toContain(second.link.token);
  });

  it("stops guessing the current password after 5 tries, even the right one, until the window passes", async () => {
    const { user, temporaryPassword } = await inviteUser(t.db, admin, {
      email: "guessed@example.com",
      role: "marketing",
    });
    const session = await stored(user.id);
    const change = (currentPassword: string, when = at) =>
      ruleMessages(
        changeOwnPassword(t.db, session, { currentPassword, newPassword: STRONG }, when),
      );
    for (let i = 0; i < 5; i++) {
      expect(await change(`guess-${i}`)).toEqual(["currentPassword: validation.passwordWrong"]);
    }
    expect(await change(temporaryPassword)).toEqual([
      "currentPassword: validation.passwordAttempts",
    ]);
    expect(await change(temporaryPassword)).toEqual([
      "currentPassword: validation.passwordAttempts",
    ]);
    expect((await stored(user.id)).mustChangePassword).toBe(true);
    // Each wrong guess is on the user's record, and the first refusal past the limit; the
    // refusals after it are not (a stolen session must not flood the audit log).
    const failed = await t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "user.password_change_failed"))
      .orderBy(auditEvents.id);
    expect(failed.filter((e) => e.entityId === user.id).map((e) => e.detail)).toEqual([
      ...Array.from({ length: 5 }, () => ({ reason: "wrong_password" })),
      { reason: "too_many_tries", furtherRefusalsNotAudited: true },
    ]);
    const after = await changeOwnPassword(
      t.db,
      session,
      { currentPassword: temporaryPassword, newPassword: STRONG },
      hoursLater(1),
    );
    expect(after.mustChangePassword).toBe(false);
  });

  it("refuses to reset one's own password or a disabled account", async () => {
    expect(await ruleMessages(resetPassword(t.db, admin, admin.id, at))).toEqual([
      "userId: validation.resetSelf",
    ]);
    // The same id in capitals is the same user to the database, and to the check.
    expect(await ruleMessages(resetPassword(t.db, admin, admin.id.toUpperCase(), at))).toEqual([
      "userId: validation.resetSelf",
    ]);
    const { user } = await inviteUser(t.db, admin, {
      email: "gone@example.com",
      role: "marketing",
    });
    await setDisabled(t.db, admin, { userId: user.id, disabled: true });
    expect(await ruleMessages(resetPassword(t.db, admin, user.id, at))).toEqual([
      "userId: validation.resetDisabled",
    ]);
  });

  it("disabling and re-enabling each move the session version, so no old token comes back", async () => {
    const { user } = await inviteUser(t.db, admin, {
      email: "toggle@example.com",
      role: "marketing",
    });
    const v0 = (await stored(user.id)).sessionVersion;
    await setDisabled(t.db, admin, { userId: user.id, disabled: true });
    await setDisabled(t.db, admin, { userId: user.id, disabled: false });
    expect((await stored(user.id)).sessionVersion).toBe(v0 + 2);
  });

  it("disabling ends the links to set a password issued before, also once re-enabled", async () => {
    const { user } = await inviteUser(t.db, admin, {
      email: "leaver@example.com",
      role: "privacy",
    });
    const { link } = await resetPassword(t.db, admin, user.id, at);
    await setDisabled(t.db, admin, { userId: user.id, disabled: true });
    await setDisabled(t.db, admin, { userId: user.id, disabled: false });
    expect(await userOfPasswordLink(t.db, link.token, hoursLater(1))).toBeUndefined();
    // Re-enabled, a new reset issues a link that works.
    const fresh = await resetPassword(t.db, admin, user.id, hoursLater(1));
    expect((await userOfPasswordLink(t.db, fresh.link.token, hoursLater(2)))?.id).toBe(user.id);
  });

  it("single sign-on in place of a temporary password ends the sessions opened with it", async () => {
    const { user } = await inviteUser(t.db, admin, { email: "leaked@example.com", role: "admin" });
    // Someone signed in with the invitation's password (it leaked): that session could reach
    // only the password page, and must not gain the admin role when the user binds their provider.
    const before = await stored(user.id);
    const bound = await bindOidcSubject(t.db, {
      subject: "sub-leaked",
      email: "leaked@example.com",
      emailVerified: true,
    });
    expect(bound.ok).toBe(true);
    const after = await stored(user.id);
    expect(after).toMatchObject({ passwordHash: null, mustChangePassword: false });
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);
  });

  it("a single-sign-on user whose password an admin reset is not sent to change a password they do not have", async () => {
    const { user } = await inviteUser(t.db, admin, {
      email: "sso-reset@example.com",
      role: "marketing",
    });
    const claims = {
      subject: "sub-sso-reset",
      email: "sso-reset@example.com",
      emailVerified: true,
    };
    await bindOidcSubject(t.db, claims);
    await resetPassword(t.db, admin, user.id, at);
    expect(await stored(user.id)).toMatchObject({ passwordHash: null, mustChangePassword: true });
    const signedIn = await bindOidcSubject(t.db, claims);
    expect(signedIn.ok).toBe(true);
    expect((await stored(user.id)).mustChangePassword).toBe(false);
  });

  it("a user signs out everywhere else: every earlier session ends, the password stays, audited", async () => {
    const { user } = await inviteUser(t.db, admin, { email: "roam@example.com", role: "privacy" });
    const before = await stored(user.id);
    const laptop = newSessionClaims(before, at);
    const phone = newSessionClaims(before, at);
    const after = await endOtherSessions(t.db, before, hoursLater(1));
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);
    expect(after.passwordHash).toBe(before.passwordHash);
    for (const old of [laptop, phone])
      expect(await sessionUser(t.db, old, hoursLater(1))).toBeNull();
    // The browser that asked gets a session of the new version, which counts.
    const fresh = newSessionClaims(after, hoursLater(1));
    expect((await sessionUser(t.db, fresh, hoursLater(1)))?.id).toBe(user.id);
    expect(await actions(user.id)).toContain("auth.sign_out_elsewhere");

    await setDisabled(t.db, admin, { userId: user.id, disabled: true });
    await expect(endOtherSessions(t.db, after, hoursLater(2))).rejects.toThrow(SessionEndedError);
  });

  it("a session that ended meanwhile changes nothing: no password, no fresh session", async () => {
    const { user, temporaryPassword } = await inviteUser(t.db, admin, {
      email: "two-tabs@example.com",
      role: "privacy",
    });
    // Two browsers of the same session version; the first changes the password (and the
    // version), the second's request was checked before that and asks next.
    const session = await stored(user.id);
    const first = await changeOwnPassword(
      t.db,
      session,
      { currentPassword: temporaryPassword, newPassword: STRONG },
      at,
    );
    await expect(
      changeOwnPassword(t.db, session, { currentPassword: STRONG, newPassword: STRONGER }, at),
    ).rejects.toThrow(SessionEndedError);
    await expect(endOtherSessions(t.db, session, at)).rejects.toThrow(SessionEndedError);
    // An admin's reset ends the first browser's session too: it can no longer undo it.
    await resetPassword(t.db, admin, user.id, hoursLater(1));
    await expect(
      changeOwnPassword(t.db, first, { currentPassword: STRONG, newPassword: STRONGER }, at),
    ).rejects.toThrow(SessionEndedError);
    await expect(endOtherSessions(t.db, first, hoursLater(1))).rejects.toThrow(SessionEndedError);
    const now = await stored(user.id);
    expect(now).toMatchObject({ passwordHash: null, mustChangePassword: true });
    expect(now.sessionVersion).toBe(first.sessionVersion + 1);
  });

  it.runIf(testDriver === "postgres")(
    "an admin's reset committed while the user's own change is being checked wins",
    async () => {
      const { user, temporaryPassword } = await inviteUser(t.db, admin, {
        email: "racing@example.com",
        role: "marketing",
      });
      const session = await stored(user.id);
      const [change] = await raceBehindHeldRow(
        t,
        (tx) => resetPassword(tx, admin, user.id, at),
        [
          () =>
            changeOwnPassword(
              t.db,
              session,
              { currentPassword: temporaryPassword, newPassword: STRONG },
              at,
            ),
        ],
        "commit",
      );
      expect(change?.status === "rejected" && change.reason).toBeInstanceOf(SessionEndedError);
      expect(await stored(user.id)).toMatchObject({ passwordHash: null, mustChangePassword: true });
    },
  );

  it("refused single sign-ons are audited once per address and window, with the address", async () => {
    const refusedFrom = async (ip: string, n: number) => {
      for (let i = 0; i < n; i++) {
        const result = await bindOidcSubject(t.db, {
          subject: `sub-stranger-${ip}-${i}`,
          email: `stranger-${i}@example.com`,
          emailVerified: true,
          ip,
        });
        expect(result).toEqual({ ok: false, reason: "NotInvited" });
      }
    };
    await refusedFrom("198.51.100.7", 20);
    await refusedFrom("203.0.113.9", 2);
    const refused = await t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "auth.sign_in_failed"))
      .orderBy(auditEvents.id);
    const sso = refused.filter((e) => (e.detail as { provider?: string }).provider === "oidc");
    expect(sso.map((e) => [e.ip, (e.detail as { reason: string }).reason])).toEqual([
      ["198.51.100.7", "NotInvited"],
      ["203.0.113.9", "NotInvited"],
    ]);
  });

  it("a new password ends the links issued for the old one", async () => {
    const { user, link } = await createAdmin(t.db, { email: "linked@example.com" }, at);
    await setPasswordWithLink(t.db, { token: link.token, newPassword: STRONG }, at);
    // The admin lost access, asked for a link, then remembered the password and changed it.
    const again = await createAdmin(t.db, { email: "linked@example.com" }, hoursLater(1));
    expect(again.created).toBe(false);
    await changeOwnPassword(
      t.db,
      await stored(user.id),
      { currentPassword: STRONG, newPassword: STRONGER },
      hoursLater(2),
    );
    expect(await userOfPasswordLink(t.db, again.link.token, hoursLater(2))).toBeUndefined();
  });
});
