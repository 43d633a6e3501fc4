/**
 * A change made for a user whose role was taken (or whose account was disabled) while their
 * request ran: the guard let the request in, but the change's transaction checks again, with
 * the user's row held, and changes nothing. Every change records its audit event in its own
 * transaction (lib/audit/record), which is where the check is made.
 */
import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  apiKeys,
  auditEvents,
  consentEvents,
  profiles,
  purposes,
  segmentMessages,
  users,
} from "@/db/schema";
import { createApiKey, revokeApiKey } from "@/lib/api-keys";
import { IDENTITY_LOCK_KEY } from "@/lib/identity/resolve";
import { recordConsentEvents } from "@/lib/consent/ingest";
import type { Tx } from "@/db/connect";
import type { Actor } from "@/lib/audit/record";
import { AccessLostError } from "@/lib/errors";
import { toErrorResponse } from "@/lib/http";
import { upsertProfiles } from "@/lib/profiles/ingest";
import { createPurpose } from "@/lib/purposes";
import { CONSENT_EVENT } from "@/lib/segment/config";
import { ingestSegmentBatch } from "@/lib/segment/ingest";
import { rowsOf } from "@/lib/sql-rows";
import { SUBJECT_LOCK_SPACE, subjectLockBucket } from "@/lib/subject-lock";
import { changeRole, inviteUser, setDisabled } from "@/lib/users";
import { system } from "@/tests/actors";
import { createTestDatabase, testDriver, type TestDatabase } from "@/tests/database";
import { raceBehindHeldRow } from "@/tests/race";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.drop());

/** An admin as the page guard lets them in: their role then, and the role the page asks for. */
async function signedInAdmin(email: string) {
  const { user } = await inviteUser(
    t.db,
    system,
    { email, role: "admin" },
    { password: "x".repeat(12) },
  );
  const actor: Actor = {
    type: "user",
    id: user.id,
    label: email,
    role: "admin",
    requires: "admin",
  };
  return { id: user.id, actor };
}

const purpose = (key: string) => ({
  key,
  name: key,
  functionalArea: "marketing",
  legalBasis: "consent",
  customerDescription: "Now and then.",
  dataCategories: ["contact"],
  retentionDays: 30,
});

async function stored(key: string) {
  const [row] = await t.db.select().from(purposes).where(eq(purposes.key, key));
  const audited = await t.db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.entityId, row?.id ?? key));
  return { row: row ?? null, audited: audited.length };
}

describe("a change for a user who lost access while the request ran", () => {
  it("goes through while the user holds a role that allows it", async () => {
    const { actor } = await signedInAdmin("stays@example.com");
    await createPurpose(t.db, actor, purpose("stays"));
    expect((await stored("stays")).row).not.toBeNull();
  });

  it("changes nothing once the role was taken, and says why", async () => {
    const other = await signedInAdmin("other@example.com");
    const demoted = await signedInAdmin("demoted@example.com");
    await changeRole(t.db, other.actor, { userId: demoted.id, role: "privacy" });
    await expect(createPurpose(t.db, demoted.actor, purpose("too-late"))).rejects.toThrow(
      AccessLostError,
    );
    expect(await stored("too-late")).toEqual({ row: null, audited: 0 });
  });

  it("ends a page's or a form's request as the not-allowed page would, with nothing changed", async () => {
    const other = await signedInAdmin("other3@example.com");
    const demoted = await signedInAdmin("demoted3@example.com");
    await changeRole(t.db, other.actor, { userId: demoted.id, role: "marketing" });
    // The guard of pages and forms passes Next.js's forbidden(), which ends the request so.
    const forbidden = (): never => {
      throw new Error("the not-allowed page");
    };
    await expect(
      createPurpose(t.db, { ...demoted.actor, whenAccessLost: forbidden }, purpose("from-a-form")),
    ).rejects.toThrow("the not-allowed page");
    expect(await stored("from-a-form")).toEqual({ row: null, audited: 0 });
  });

  it("is answered 403 over HTTP, as the next request would be", async () => {
    const response = toErrorResponse(new AccessLostError());
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: expect.stringContaining("role") });
  });

  it("changes nothing once the account was disabled", async () => {
    const other = await signedInAdmin("other2@example.com");
    const disabled = await signedInAdmin("disabled@example.com");
    await setDisabled(t.db, other.actor, { userId: disabled.id, disabled: true });
    await expect(createPurpose(t.db, disabled.actor, purpose("disabled"))).rejects.toThrow(
      AccessLostError,
    );
    expect(await stored("disabled")).toEqual({ row: null, audited: 0 });
  });

  // PGlite has one connection: nothing runs beside the change there.
  it.runIf(testDriver === "postgres")(
    "waits for a demotion under way, then changes nothing",
    async () => {
      const racing = await signedInAdmin("racing@example.com");
      const [result] = await raceBehindHeldRow(
        t,
        (tx) => tx.update(users).set({ role: "marketing" }).where(eq(users.id, racing.id)),
        [() => createPurpose(t.db, racing.actor, purpose("in-flight"))],
        "commit",
      );
      expect(result).toMatchObject({ status: "rejected", reason: expect.any(AccessLostError) });
      expect(await stored("in-flight")).toEqual({ row: null, audited: 0 });
    },
  );
});

describe("a change made with an API key that stopped working while the request ran", () => {
  /** A key as the route guard lets it in (held), made by a fresh admin. */
  async function liveKey(email: string, scopes: ("ingest" | "admin" | "read")[]) {
    const owner = await signedInAdmin(email);
    const { id } = await createApiKey(t.db, owner.actor, { name: email, scopes });
    const actor: Actor = { type: "api_key", id, label: email, scopes, held: true };
    return { owner, id, actor };
  }
  const event = (eventId: string) => ({
    eventId,
    subjectId: `s-${eventId}`,
    purpose: "key-news",
    action: "grant",
    occurredAt: "2026-11-01T10:00:00Z",
    channel: "web",
    region: "DE",
  });
  const storedEvents = async (eventId: string) =>
    (await t.db.select().from(consentEvents).where(eq(consentEvents.eventId, eventId))).length;

  beforeAll(async () => {
    await createPurpose(t.db, system, { ...purpose("key-news"), status: "active" });
  });

  it("stores while the key works, and names the key and its address in the audit event", async () => {
    const { id, actor } = await liveKey("key-works@example.com", ["ingest"]);
    await recordConsentEvents(t.db, { ...actor, ip: "203.0.113.9" }, [event("key-1")]);
    expect(await storedEvents("key-1")).toBe(1);
    // Written by the batch's own statement (auditInsert), with the actor's columns as any other.
    const audited = await t.db
      .select({
        actorType: auditEvents.actorType,
        actorId: auditEvents.actorId,
        actorLabel: auditEvents.actorLabel,
        ip: auditEvents.ip,
        action: auditEvents.action,
        detail: auditEvents.detail,
      })
      .from(auditEvents)
      .where(eq(auditEvents.actorId, id));
    expect(audited).toEqual([
      {
        actorType: "api_key",
        actorId: id,
        actorLabel: "key-works@example.com",
        ip: "203.0.113.9",
        action: "consent_events.ingest",
        detail: { received: 1, accepted: 1, duplicates: 0 },
      },
    ]);
  });

  it("stores nothing once the key was revoked, and says so as its next request would (401)", async () => {
    const { owner, id, actor } = await liveKey("key-revoked@example.com", ["ingest"]);
    await revokeApiKey(t.db, owner.actor, id, new Date());
    const error = await recordConsentEvents(t.db, actor, [event("key-2")]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AccessLostError);
    expect(toErrorResponse(error).status).toBe(401);
    expect(await storedEvents("key-2")).toBe(0);
  });

  it("marks no Segment message received once the key was revoked, though the batch stores no data", async () => {
    const { owner, id, actor } = await liveKey("key-segment-page@example.com", ["ingest"]);
    await revokeApiKey(t.db, owner.actor, id, new Date());
    // A page call only: nothing for a profile or the consent log, the message is only noted.
    const error = await ingestSegmentBatch(t.db, actor, [
      {
        type: "page",
        messageId: "m-key-page",
        anonymousId: "anon-key-page",
        name: "Home",
        timestamp: "2026-11-21T10:00:00Z",
      },
    ]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AccessLostError);
    const noted = await t.db
      .select()
      .from(segmentMessages)
      .where(eq(segmentMessages.messageId, "m-key-page"));
    expect(noted).toEqual([]);
  });

  it("stores nothing once the key's owner was disabled or lost the role its scopes need", async () => {
    const other = await signedInAdmin("key-other@example.com");
    const demoted = await liveKey("key-demoted@example.com", ["ingest"]);
    await changeRole(t.db, other.actor, { userId: demoted.owner.id, role: "marketing" });
    await expect(recordConsentEvents(t.db, demoted.actor, [event("key-3")])).rejects.toThrow(
      AccessLostError,
    );
    const disabled = await liveKey("key-disabled@example.com", ["ingest"]);
    await setDisabled(t.db, other.actor, { userId: disabled.owner.id, disabled: true });
    await expect(recordConsentEvents(t.db, disabled.actor, [event("key-4")])).rejects.toThrow(
      AccessLostError,
    );
    expect((await storedEvents("key-3")) + (await storedEvents("key-4"))).toBe(0);
  });

  it("revokes itself, or the key that made it, as a rotation script does", async () => {
    const { owner, id, actor } = await liveKey("key-rotating@example.com", ["admin"]);
    await revokeApiKey(t.db, actor, id, new Date());
    const made = await createApiKey(t.db, owner.actor, { name: "maker", scopes: ["admin"] });
    const heir = await createApiKey(
      t.db,
      { type: "api_key", id: made.id, label: "maker", scopes: ["admin"], held: true },
      { name: "heir", scopes: ["admin"] },
    );
    const heirActor: Actor = {
      type: "api_key",
      id: heir.id,
      label: "heir",
      scopes: ["admin"],
      held: true,
    };
    await revokeApiKey(t.db, heirActor, made.id, new Date());
    const revoked = await t.db
      .select({ id: apiKeys.id, revokedAt: apiKeys.revokedAt })
      .from(apiKeys)
      .where(inArray(apiKeys.id, [id, made.id, heir.id]));
    expect(revoked.every((k) => k.revokedAt !== null)).toBe(true);
    // Revoked, it can revoke nothing more.
    const another = await createApiKey(t.db, owner.actor, { name: "another", scopes: ["read"] });
    await expect(revokeApiKey(t.db, actor, another.id, new Date())).rejects.toThrow(
      AccessLostError,
    );
  });

  // PGlite has one connection: nothing runs beside the change there.
  it.runIf(testDriver === "postgres")(
    "waits for a revocation under way, then stores nothing",
    async () => {
      const { id, actor } = await liveKey("key-racing@example.com", ["ingest"]);
      const [result] = await raceBehindHeldRow(
        t,
        (tx) => tx.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, id)),
        [() => recordConsentEvents(t.db, actor, [event("key-5")])],
        "commit",
      );
      expect(result).toMatchObject({ status: "rejected", reason: expect.any(AccessLostError) });
      expect(await storedEvents("key-5")).toBe(0);
    },
  );

  /**
   * A batch waiting for its customers' locks (another batch of the same customers holds them)
   * must not hold its key meanwhile: under load it waits seconds, batch after batch, and a
   * revocation that waits for the key's row might never get in. The probe asks for the key's row
   * as a revocation does, without waiting (FOR UPDATE NOWAIT fails at once on a row held), then
   * the key is revoked while the batch still waits, and the batch, let in, stores nothing.
   */
  async function revokedWhileWaiting(
    subjectIds: string[],
    ingest: (actor: Actor) => Promise<unknown>,
    /** What else is checked while the batch waits. */
    whileWaiting?: () => Promise<void>,
    /** What the batch waits for: by default the first customer's lock. */
    hold: (tx: Tx) => Promise<unknown> = (tx) =>
      tx.execute(sql`select pg_advisory_xact_lock(${SUBJECT_LOCK_SPACE}::int,
                       ${subjectLockBucket(subjectIds[0]!)}::int)`),
  ) {
    const { owner, id, actor } = await liveKey(`${subjectIds[0]}@example.com`, ["ingest"]);
    const [result] = await raceBehindHeldRow(
      t,
      hold,
      [() => ingest(actor)],
      "rollback",
      async () => {
        await whileWaiting?.();
        await t.db.transaction((tx) =>
          tx.execute(sql`select id from api_keys where id = ${id} for update nowait`),
        );
        await revokeApiKey(t.db, owner.actor, id, new Date());
      },
    );
    expect(result).toMatchObject({ status: "rejected", reason: expect.any(AccessLostError) });
  }

  it.runIf(testDriver === "postgres")(
    "does not hold the key while a consent batch waits for its customers, so a revocation gets in",
    async () => {
      await revokedWhileWaiting(["s-key-6"], (actor) =>
        recordConsentEvents(t.db, actor, [event("key-6")]),
      );
      expect(await storedEvents("key-6")).toBe(0);
    },
  );

  /** An active purpose that a Segment consent track's `category` decides. */
  const segmentPurpose = (key: string, category: string) =>
    createPurpose(t.db, system, {
      ...purpose(key),
      status: "active",
      segmentCategories: [category],
    });

  /**
   * A Segment batch naming `profiled` (an identify call) and `consenting` (a consent track in
   * `category`), its messages' ids starting with `prefix`; and, once it ran, how many profiles,
   * consent events and messages received it left (none, for a batch whose key was revoked).
   */
  function segmentBatch(prefix: string, profiled: string, consenting: string, category: string) {
    const ids = [`${prefix}-identify`, `${prefix}-consent`];
    return {
      ids,
      ingest: (actor: Actor) =>
        ingestSegmentBatch(t.db, actor, [
          {
            type: "identify",
            messageId: ids[0],
            userId: profiled,
            traits: { email: `${profiled}@example.com`, country: "de" },
            timestamp: "2026-11-21T10:00:00Z",
          },
          {
            type: "track",
            event: CONSENT_EVENT,
            messageId: ids[1],
            userId: consenting,
            context: { locale: "de-DE", consent: { categoryPreferences: { [category]: true } } },
            timestamp: "2026-11-21T10:00:00Z",
          },
        ]),
      left: async () =>
        (
          await Promise.all([
            t.db.select().from(profiles).where(eq(profiles.subjectId, profiled)),
            t.db.select().from(consentEvents).where(eq(consentEvents.subjectId, consenting)),
            t.db.select().from(segmentMessages).where(inArray(segmentMessages.messageId, ids)),
          ])
        ).map((rows) => rows.length),
    };
  }

  it.runIf(testDriver === "postgres")(
    "holds neither the key nor the identity lock while a Segment batch waits for its consent's customers",
    async () => {
      await segmentPurpose("key-ads", "Advertising");
      // The profile's customer in another bucket than the consent's (held by the test), whose
      // profile is stored already: the batch makes a profile only for the customer it names.
      const consenting = "u-key-consent";
      const profiled = ["u-key-profile", "u-key-profile-2", "u-key-profile-3"].find(
        (s) => subjectLockBucket(s) !== subjectLockBucket(consenting),
      );
      expect(profiled).toBeDefined();
      if (!profiled) return;
      await upsertProfiles(t.db, system, [{ subjectId: consenting, region: "DE" }]);
      const batch = segmentBatch("m-key", profiled, consenting, "Advertising");
      await revokedWhileWaiting(
        [consenting],
        batch.ingest,
        // Nor does it hold the identity lock, which every profile write takes: its customers'
        // locks, the consent's with the profiles', come first. (So the batch waits before it
        // writes anything; a wait after the consent's statement is the next test's.)
        async () => {
          const [identity] = await t.db.transaction(async (tx) =>
            rowsOf<{ free: boolean }>(
              await tx.execute(
                sql`select pg_try_advisory_xact_lock(hashtext(${IDENTITY_LOCK_KEY})) as free`,
              ),
            ),
          );
          expect(identity?.free).toBe(true);
        },
      );
      expect(await batch.left()).toEqual([0, 0, 0]);
    },
  );

  it.runIf(testDriver === "postgres")(
    "holds the key once in a Segment batch of profiles and consent: from the profiles' audit event, not from the consent's statement on",
    async () => {
      await segmentPurpose("key-ads-2", "Analytics");
      const consenting = "u-key-once";
      // The batch waits after its consent's statement, to mark its messages received: the test
      // writes one of them first and keeps it uncommitted (the batch sees no such message, so
      // it is new, and its insert must wait for the test's).
      const batch = segmentBatch("m-once", consenting, consenting, "Analytics");
      await revokedWhileWaiting([consenting], batch.ingest, undefined, (tx) =>
        tx.insert(segmentMessages).values({ messageId: batch.ids[1]!, type: "track" }),
      );
      expect(await batch.left()).toEqual([0, 0, 0]);
      // The same batch for another customer, with a key that works: its consent is an event,
      // so the batch above had one to store before it waited.
      const control = segmentBatch("m-once-control", "u-key-once-2", "u-key-once-2", "Analytics");
      await control.ingest((await liveKey("u-key-once-2@example.com", ["ingest"])).actor);
      expect(await control.left()).toEqual([1, 1, 2]);
    },
  );
});
