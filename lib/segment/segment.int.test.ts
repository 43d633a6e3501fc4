/**
 * The Segment-compatible source with Segment's own Node library, @segment/analytics-node, sending
 * identify, track and page calls over HTTP to the real route handler (served by a plain Node
 * server here; the end-to-end test points it at the built app), on both databases.
 */
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Analytics } from "@segment/analytics-node";
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  consentEvents,
  profileAttributes,
  profileIdentifiers,
  profiles,
  purposes,
  segmentMessages,
  users,
} from "@/db/schema";
import { createApiKey } from "@/lib/api-keys";
import { searchSubjects } from "@/lib/consent/subject-search";
import { defaultMatching } from "@/lib/identity/config";
import { getSubjectIdentity, setMatchingConfig } from "@/lib/identity/person";
import { rebuildIdentities } from "@/lib/identity/resolve";
import { getConsentMetrics } from "@/lib/metrics/consent";
import { getProfileMetrics } from "@/lib/metrics/profiles";
import { createPurpose } from "@/lib/purposes";
import { saveSetting } from "@/lib/settings";
import { system } from "@/tests/actors";
import { keyOwner } from "@/tests/key-owner";
import { createTestDatabase, type TestDatabase } from "@/tests/database";
import { CONSENT_EVENT, SEGMENT_SETTING, defaultSegmentMapping } from "./config";
import { refusedSegmentMessages, segmentCounts } from "./ingest";

let t: TestDatabase;
let key: string;
let server: Server;
let host: string;

beforeAll(async () => {
  t = await createTestDatabase({ app: true }); // the app's own database too
  const admin = await keyOwner(t.db);
  key = (await createApiKey(t.db, admin, { name: "segment", scopes: ["ingest"] })).key;
  for (const [purposeKey, segmentCategories] of [
    ["ads", ["Advertising"]],
    ["analytics", ["Analytics"]],
    ["cross-device", ["Advertising", "Analytics"]],
  ] as const)
    await createPurpose(
      t.db,
      system,
      {
        key: purposeKey,
        name: purposeKey,
        functionalArea: "marketing",
        legalBasis: "consent",
        customerDescription: "What it does",
        dataCategories: ["browsing"],
        retentionDays: 30,
        status: "active",
        segmentCategories,
      },
      new Date("2026-01-01T00:00:00Z"),
    );
  const { POST } = await import("@/app/api/v1/segment/batch/route");
  // The route handler behind a real HTTP server, as the Segment client talks to it.
  server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const response = await POST(
      new Request(`http://localhost${req.url}`, {
        method: req.method,
        headers: req.headers as Record<string, string>,
        body: Buffer.concat(chunks),
      }),
      { params: Promise.resolve({}) },
    );
    res.writeHead(response.status, { "content-type": "application/json" });
    res.end(await response.text());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  host = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await t?.drop();
});

/** A Segment client pointed at the route; resolves once every call is flushed. */
async function send(calls: (analytics: Analytics) => void, writeKey = key) {
  const analytics = new Analytics({
    writeKey,
    host,
    path: "/api/v1/segment/batch",
    flushAt: 50,
    maxRetries: 0,
  });
  const responses: { status: number; body: unknown }[] = [];
  analytics.on("http_response", (r) => responses.push({ status: r.status, body: r.body }));
  const errors: unknown[] = [];
  analytics.on("error", (e) => errors.push(e));
  calls(analytics);
  await analytics.closeAndFlush({ timeout: 10_000 });
  return { responses, errors };
}

/** The region a customer's profile is stored under (undefined: no profile). */
async function regionOf(subjectId: string) {
  const [row] = await t.db
    .select({ region: profiles.region })
    .from(profiles)
    .where(eq(profiles.subjectId, subjectId));
  return row?.region;
}

async function post(body: unknown, authorization = `Basic ${btoa(`${key}:`)}`) {
  const response = await fetch(`${host}/api/v1/segment/batch`, {
    method: "POST",
    headers: { authorization, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("POST /api/v1/segment/batch with @segment/analytics-node", () => {
  it("turns identify into a profile, the consent track into events, and counts the rest", async () => {
    const { responses, errors } = await send((analytics) => {
      analytics.identify({
        userId: "u-1",
        anonymousId: "anon-1",
        traits: { email: "Ana@Example.com", firstName: "Ana", lastName: "Lima", country: "de" },
      });
      analytics.track({
        userId: "u-1",
        event: CONSENT_EVENT,
        timestamp: new Date("2026-11-20T10:00:00Z"),
        context: {
          locale: "de-DE",
          consent: { categoryPreferences: { Advertising: true, Analytics: false, Other: true } },
        },
      });
      analytics.track({ userId: "u-1", event: "Order Completed", properties: { total: 42 } });
      analytics.page({ anonymousId: "anon-2", name: "Home" });
    });
    expect(errors).toEqual([]);
    expect(responses.map((r) => r.status)).toEqual([200]);

    const [profile] = await t.db.select().from(profiles).where(eq(profiles.subjectId, "u-1"));
    expect(profile!.region).toBe("DE");
    const identifiers = await t.db
      .select({ type: profileIdentifiers.type, value: profileIdentifiers.value })
      .from(profileIdentifiers)
      .where(eq(profileIdentifiers.subjectId, "u-1"))
      .orderBy(profileIdentifiers.type);
    expect(identifiers).toEqual([
      { type: "anonymous_id", value: "anon-1" },
      { type: "email", value: "Ana@Example.com" },
      { type: "user_id", value: "u-1" },
    ]);
    const attributes = await t.db
      .select({ group: profileAttributes.group, name: profileAttributes.name })
      .from(profileAttributes)
      .where(eq(profileAttributes.subjectId, "u-1"))
      .orderBy(profileAttributes.group, profileAttributes.name);
    expect(attributes.map((a) => `${a.group}.${a.name}`)).toEqual([
      "contact.email",
      "identity.first_name",
      "identity.last_name",
    ]);

    const events = await t.db
      .select({
        purpose: purposes.key,
        action: consentEvents.action,
        channel: consentEvents.channel,
      })
      .from(consentEvents)
      .innerJoin(purposes, eq(purposes.id, consentEvents.purposeId))
      .where(eq(consentEvents.subjectId, "u-1"))
      .orderBy(purposes.key);
    expect(events).toEqual([
      { purpose: "ads", action: "grant", channel: "other" },
      { purpose: "analytics", action: "deny", channel: "other" },
      { purpose: "cross-device", action: "deny", channel: "other" },
    ]);
    // Read back as the metrics API answers.
    const metrics = await getConsentMetrics(
      t.db,
      { purpose: "ads", from: "2026-11-01", to: "2026-11-30", interval: "day" },
      "2026-11-30",
    );
    expect(metrics.purposes[0]).toMatchObject({ key: "ads", granted: 1, decided: 1 });

    const counts = await segmentCounts(t.db);
    expect(
      counts
        .map((c) => [c.type, c.event, c.messages])
        .sort((a, b) => String(a).localeCompare(String(b))),
    ).toEqual([
      ["identify", null, 1],
      ["page", null, 1],
      ["track", "Order Completed", 1],
      ["track", CONSENT_EVENT, 1],
    ]);
  });

  it("reads a device's en-UK as Britain, and a region stored as UK as GB", async () => {
    const identify = (n: number, context: Record<string, unknown>) => ({
      type: "identify",
      messageId: `m-uk-${n}`,
      userId: `u-uk-${n}`,
      traits: { email: `uk-${n}@example.com` },
      context,
      timestamp: "2026-11-21T10:00:00Z",
    });
    expect((await post({ batch: [identify(1, { locale: "en-UK" })] })).status).toBe(200);
    const regionOf = async (subjectId: string) =>
      (await t.db.select().from(profiles).where(eq(profiles.subjectId, subjectId)))[0]?.region;
    expect(await regionOf("u-uk-1")).toBe("GB");
    // Stored by an earlier release, before UK was read as GB: a message naming no country keeps
    // the customer's region, as new data carries it, rather than being refused for it.
    await t.db.execute(sql`update profiles set region = 'UK' where subject_id = 'u-uk-1'`);
    const consent = {
      type: "track",
      event: CONSENT_EVENT,
      messageId: "m-uk-2",
      userId: "u-uk-1",
      context: { consent: { categoryPreferences: { Advertising: true } } },
      timestamp: "2026-11-21T11:00:00Z",
    };
    const sent = await post({ batch: [consent] });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ success: true });
    const [event] = await t.db
      .select({ region: consentEvents.region })
      .from(consentEvents)
      .where(eq(consentEvents.subjectId, "u-uk-1"));
    expect(event?.region).toBe("GB");
  });

  it("stores nothing twice when a batch is sent again", async () => {
    const batch = [
      {
        type: "identify",
        messageId: "m-retry-1",
        userId: "u-2",
        traits: { email: "b@example.com" },
        context: { locale: "fr-FR" },
        timestamp: "2026-11-21T10:00:00Z",
      },
    ];
    expect((await post({ batch })).body).toMatchObject({ success: true, received: 1, profiles: 1 });
    expect((await post({ batch })).body).toMatchObject({
      success: true,
      received: 0,
      duplicates: 1,
      profiles: 0,
    });
    const rows = await t.db
      .select({ n: sql<number>`count(*)::int` })
      .from(segmentMessages)
      .where(eq(segmentMessages.messageId, "m-retry-1"));
    expect(rows[0]!.n).toBe(1);
  });

  it("takes a batch sent gzip-compressed, as analytics-python and RudderStack's SDKs send it", async () => {
    const batch = [
      {
        type: "identify",
        messageId: "m-gzip-1",
        userId: "u-gzip",
        traits: { email: "gzip@example.com" },
        timestamp: "2026-11-21T10:00:00Z",
      },
    ];
    const response = await fetch(`${host}/api/v1/segment/batch`, {
      method: "POST",
      headers: {
        authorization: `Basic ${btoa(`${key}:`)}`,
        "content-type": "application/json",
        "content-encoding": "gzip",
      },
      body: new Uint8Array(gzipSync(JSON.stringify({ batch }))),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ success: true, received: 1, profiles: 1 });
    expect(await regionOf("u-gzip")).toBeDefined();
  });

  it("takes events as Segment relays them to an HTTP destination: one at a time, or a list", async () => {
    const relayed = (n: number) => ({
      type: "track",
      messageId: `m-relay-${n}`,
      userId: "u-relay",
      event: CONSENT_EVENT,
      timestamp: "2026-11-20T10:00:00Z",
      receivedAt: "2026-11-20T10:00:01Z",
      context: { consent: { categoryPreferences: { Advertising: n === 2 } } },
    });
    expect((await post(relayed(1))).body).toMatchObject({ received: 1, consentEvents: 1 });
    expect((await post([relayed(2), relayed(3)])).body).toMatchObject({
      received: 2,
      consentEvents: 2,
    });
    const stored = await t.db
      .select({ eventId: consentEvents.eventId, action: consentEvents.action })
      .from(consentEvents)
      .where(eq(consentEvents.subjectId, "u-relay"))
      .orderBy(consentEvents.eventId);
    expect(stored.map((e) => [e.eventId, e.action])).toEqual([
      ["m-relay-1:ads", "deny"],
      ["m-relay-2:ads", "grant"],
      ["m-relay-3:ads", "deny"],
    ]);
    // A batch's own context is each message's, each key replaced by the message's own: a
    // message's consent choices are its own alone, never joined with the batch's.
    const shared = await post({
      context: {
        consent: { categoryPreferences: { Advertising: true, Analytics: true } },
        locale: "de-DE",
      },
      batch: [
        { ...relayed(5), receivedAt: undefined, context: undefined },
        {
          ...relayed(6),
          receivedAt: undefined,
          context: { consent: { categoryPreferences: { Advertising: false } } },
        },
      ],
    });
    expect(shared.body).toMatchObject({ refused: 0, consentEvents: 4 });
    const decided = await t.db
      .select({ eventId: consentEvents.eventId, action: consentEvents.action })
      .from(consentEvents)
      .where(
        sql`${consentEvents.eventId} like 'm-relay-5:%' or ${consentEvents.eventId} like 'm-relay-6:%'`,
      )
      .orderBy(consentEvents.eventId);
    expect(decided.map((e) => [e.eventId, e.action])).toEqual([
      ["m-relay-5:ads", "grant"],
      ["m-relay-5:analytics", "grant"],
      ["m-relay-5:cross-device", "grant"],
      ["m-relay-6:ads", "deny"],
    ]);
    // Anything else is still no batch.
    expect((await post({ events: [relayed(4)] })).status).toBe(422);
  });

  it("stores a consent track whose messageId is near 200 characters, once", async () => {
    const messageId = `m-long-${"q".repeat(190)}`;
    const batch = [
      {
        type: "track",
        messageId,
        userId: "u-long",
        event: CONSENT_EVENT,
        timestamp: "2026-11-21T10:00:00Z",
        context: {
          locale: "de-DE",
          consent: { categoryPreferences: { Advertising: true, Analytics: true } },
        },
      },
    ];
    const first = await post({ batch });
    expect(first.body).toMatchObject({ success: true, received: 1, refused: 0 });
    expect(first.body.consentEvents).toBeGreaterThan(0);
    const stored = await t.db
      .select({ eventId: consentEvents.eventId })
      .from(consentEvents)
      .where(eq(consentEvents.subjectId, "u-long"));
    expect(stored.length).toBe(first.body.consentEvents);
    for (const { eventId } of stored) {
      expect(eventId.length).toBeLessThanOrEqual(200);
      expect(eventId).toMatch(/^sha256-[0-9a-f]{64}:/);
    }
    expect((await post({ batch })).body).toMatchObject({ received: 0, duplicates: 1 });
  });

  it("stores a consent track whose messageId holds spaces or letters beyond ASCII, once", async () => {
    // Segment's HTTP API takes any string as a messageId; an eventId is printable ASCII.
    const batch = ["msg 1 from the kiosk", "Bestätigung-7"].map((messageId, i) => ({
      type: "track",
      messageId,
      userId: `u-spaced-${i}`,
      event: CONSENT_EVENT,
      timestamp: "2026-11-21T10:00:00Z",
      context: { consent: { categoryPreferences: { Advertising: false } } },
    }));
    const first = await post({ batch });
    expect(first.body).toMatchObject({ success: true, received: 2, refused: 0 });
    const stored = await t.db
      .select({ eventId: consentEvents.eventId, subjectId: consentEvents.subjectId })
      .from(consentEvents)
      .where(inArray(consentEvents.subjectId, ["u-spaced-0", "u-spaced-1"]))
      .orderBy(consentEvents.subjectId);
    expect(stored.map((e) => e.subjectId)).toEqual(["u-spaced-0", "u-spaced-1"]);
    for (const { eventId } of stored) expect(eventId).toMatch(/^sha256-[0-9a-f]{64}:ads$/);
    expect(stored[0]!.eventId).not.toBe(stored[1]!.eventId);
    expect((await post({ batch })).body).toMatchObject({ received: 0, duplicates: 2 });
  });

  it("stores a batch whole or not at all: when its consent cannot be stored, nor are its profiles", async () => {
    const batch = [
      {
        type: "identify",
        messageId: "m-whole-1",
        userId: "u-whole",
        traits: { email: "w@example.com", country: "DE" },
      },
      {
        type: "track",
        event: CONSENT_EVENT,
        messageId: "m-whole-2",
        userId: "u-whole",
        timestamp: "2026-11-21T10:00:00Z",
        context: { consent: { categoryPreferences: { Advertising: true, Analytics: false } } },
      },
    ];
    // The database refuses this customer's consent after the batch was checked, as it would
    // on a constraint or a connection lost half-way.
    await t.db.execute(sql`
      create function refuse_u_whole() returns trigger language plpgsql as $$
      begin
        if new.subject_id = 'u-whole' then raise exception 'refused for the test'; end if;
        return new;
      end $$`);
    await t.db.execute(sql`
      create trigger refuse_u_whole before insert on consent_events
      for each row execute function refuse_u_whole()`);
    try {
      expect((await post({ batch })).status).toBe(500);
      const stored = async () => ({
        profiles: await t.db.select().from(profiles).where(eq(profiles.subjectId, "u-whole")),
        messages: await t.db
          .select()
          .from(segmentMessages)
          .where(inArray(segmentMessages.messageId, ["m-whole-1", "m-whole-2"])),
      });
      expect(await stored()).toEqual({ profiles: [], messages: [] });
    } finally {
      await t.db.execute(sql`drop trigger refuse_u_whole on consent_events`);
      await t.db.execute(sql`drop function refuse_u_whole()`);
    }
    // Segment sends it again, and then all of it is stored.
    expect((await post({ batch })).body).toMatchObject({
      success: true,
      received: 2,
      profiles: 1,
      consentEvents: 3,
    });
  });

  it("refuses unusable messages one by one, with reasons, and stores the rest", async () => {
    const answer = await post({
      batch: [
        { type: "identify", messageId: "m-bad-1", userId: "u-3", traits: { country: "IT" } },
        { type: "identify", messageId: "m-bad-2", userId: "u-4", traits: {} },
        {
          type: "track",
          messageId: "m-bad-3",
          userId: "u-3",
          event: CONSENT_EVENT,
          context: { locale: "it-IT" },
        },
        { type: "alias", messageId: "m-bad-4" },
        {
          type: "track",
          messageId: "m-bad-5",
          userId: "u-3",
          event: CONSENT_EVENT,
          context: { consent: { categoryPreferences: { ADVERTISING: false, Marketing: true } } },
        },
        {
          type: "track",
          messageId: "m-bad-6",
          userId: "u-3",
          event: CONSENT_EVENT,
          context: { consent: { categoryPreferences: { Marketing: true } } },
        },
        { type: "identify", messageId: "m-bad-7", userId: "u-6", traits: { country: "Atlantis" } },
      ],
    });
    // Segment sends nothing again after a 4xx: the batch is answered 200 with what was refused.
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ success: true, received: 6, refused: 4, profiles: 2 });
    expect((answer.body.issues as { path: (string | number)[] }[]).map((i) => i.path)).toEqual([
      ["batch", 2, "context", "consent", "categoryPreferences"],
      ["batch", 3, "userId"],
      ["batch", 5, "context", "consent", "categoryPreferences"],
      ["batch", 6, "traits", "country"],
    ]);
    // The usable ones are stored: u-3's profile (its country) and its consent, whose
    // categories match the purposes' regardless of case; u-4, who names no country, under ZZ.
    expect(await regionOf("u-3")).toBe("IT");
    expect(await regionOf("u-4")).toBe("ZZ");
    const events = await t.db
      .select({ eventId: consentEvents.eventId, action: consentEvents.action })
      .from(consentEvents)
      .where(eq(consentEvents.subjectId, "u-3"));
    expect(events).toEqual([{ eventId: "m-bad-5:ads", action: "deny" }]);
    const refused = await refusedSegmentMessages(t.db);
    expect(refused.map((r) => r.messageId).sort()).toEqual([
      "m-bad-3",
      "m-bad-4",
      "m-bad-6",
      "m-bad-7",
    ]);
    expect(refused.find((r) => r.messageId === "m-bad-6")!.error).toMatch(
      /^context.consent.categoryPreferences: No purpose lists all of its categories among marketing/,
    );
    // Each reason is kept as the catalog says it too, so the admin page says it in German.
    const reasons = Object.fromEntries(refused.map((r) => [r.messageId, r.reasons]));
    expect(reasons["m-bad-4"]).toEqual([{ field: "userId", said: { key: "segmentNoUser" } }]);
    expect(reasons["m-bad-7"]).toEqual([
      {
        field: "traits.country",
        said: { key: "segmentBadCountry", values: { country: "Atlantis" } },
      },
    ]);
    expect(reasons["m-bad-3"]).toEqual([
      {
        field: "context.consent.categoryPreferences",
        said: { key: "segmentNoCategories", values: { event: CONSENT_EVENT } },
      },
    ]);
    expect(reasons["m-bad-6"]).toEqual([
      {
        field: "context.consent.categoryPreferences",
        said: { key: "segmentNoPurpose", values: { categories: "marketing" } },
      },
    ]);
    // A message the schema refuses keeps the validation message's key.
    await post({ batch: [{ type: "poke", messageId: "m-bad-8", userId: "u-3" }] });
    const [poke] = (await refusedSegmentMessages(t.db)).filter((r) => r.messageId === "m-bad-8");
    expect(poke!.error).toBe("type: type is one of identify, track, page, screen, group, alias");
    expect(poke!.reasons).toEqual([{ field: "type", message: "validation.segmentType" }]);
    // A value of the wrong type is said from the catalog, not in zod's words ("Invalid input").
    await post({
      batch: [
        { type: "identify", messageId: "m-bad-10", userId: true, traits: "DE" },
        { type: "track", messageId: "m-bad-11", userId: "u-3", timestamp: 5 },
      ],
    });
    const typed = Object.fromEntries(
      (await refusedSegmentMessages(t.db))
        .filter((r) => r.messageId === "m-bad-10" || r.messageId === "m-bad-11")
        .map((r) => [r.messageId, r.reasons]),
    );
    expect(typed).toEqual({
      "m-bad-10": [
        { field: "userId", message: "validation.segmentIdType" },
        { field: "traits", said: { key: "wrongType", values: { expected: "record" } } },
      ],
      "m-bad-11": [{ field: "timestamp", message: "validation.segmentTimestamp" }],
    });
    // A consent track that names no category at all says so, not "among none".
    await post({
      batch: [
        {
          type: "track",
          messageId: "m-bad-9",
          userId: "u-3",
          event: CONSENT_EVENT,
          context: { consent: { categoryPreferences: {} } },
        },
      ],
    });
    const [empty] = (await refusedSegmentMessages(t.db)).filter((r) => r.messageId === "m-bad-9");
    expect(empty!.reasons).toEqual([
      { field: "context.consent.categoryPreferences", said: { key: "segmentNoCategory" } },
    ]);
  });

  it("files an id a subject id cannot hold under its digest, and finds the customer by the id", async () => {
    // Segment takes any string as an id: a name with a space and letters beyond ASCII, a
    // visitor id of 250 characters.
    const [name, long, longer] = ["Zoë Müller", `v-${"x".repeat(248)}`, `w-${"y".repeat(598)}`];
    const digest = (id: string) => `sha256-${createHash("sha256").update(id).digest("hex")}`;
    const answer = await post({
      batch: [
        { type: "identify", messageId: "m-wide-1", userId: name, traits: { country: "AT" } },
        {
          type: "track",
          messageId: "m-wide-2",
          userId: name,
          event: CONSENT_EVENT,
          context: { consent: { categoryPreferences: { Advertising: true } } },
        },
        {
          type: "track",
          messageId: "m-wide-3",
          anonymousId: long,
          event: CONSENT_EVENT,
          context: {
            location: { country: "AT" },
            consent: { categoryPreferences: { Advertising: false } },
          },
        },
        // Longer than an identifier may be: filed under its digest all the same, without it.
        {
          type: "track",
          messageId: "m-wide-5",
          anonymousId: longer,
          event: CONSENT_EVENT,
          context: {
            location: { country: "AT" },
            consent: { categoryPreferences: { Advertising: true } },
          },
        },
      ],
    });
    expect(answer.body).toMatchObject({ refused: 0, profiles: 3, consentEvents: 3 });
    expect(await regionOf(digest(name))).toBe("AT");
    expect(await regionOf(digest(long))).toBe("AT");
    expect(await regionOf(digest(longer))).toBe("AT");
    const events = await t.db
      .select({ subjectId: consentEvents.subjectId, action: consentEvents.action })
      .from(consentEvents)
      .where(inArray(consentEvents.eventId, ["m-wide-2:ads", "m-wide-3:ads"]))
      .orderBy(consentEvents.eventId);
    expect(events).toEqual([
      { subjectId: digest(name), action: "grant" },
      { subjectId: digest(long), action: "deny" },
    ]);
    // The same id sent again is the same customer.
    await post({
      batch: [{ type: "identify", messageId: "m-wide-4", userId: name, traits: { country: "AT" } }],
    });
    expect(
      await t.db
        .select()
        .from(profiles)
        .where(eq(profiles.subjectId, digest(name))),
    ).toHaveLength(1);
    // A privacy officer finds the customer by the id the shop knows them by.
    const found = await searchSubjects(t.db, name);
    expect(found.matches).toEqual([
      expect.objectContaining({
        subjectId: digest(name),
        profile: true,
        matchedOn: [{ type: "user_id", value: name }],
      }),
    ]);
  });

  it("refuses a message holding text that cannot be stored, alone, and stores the rest", async () => {
    const answer = await post({
      batch: [
        { type: "identify", messageId: "m-nul-1", userId: "u-nul-1", traits: { country: "PT" } },
        { type: "track", messageId: "m-nul-2\u0000", event: "Order Completed", userId: "u-nul-1" },
        {
          type: "identify",
          messageId: "m-nul-3",
          userId: "u-nul-2",
          traits: { country: "PT", firstName: "A\u0000" },
        },
      ],
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ received: 2, refused: 2, profiles: 1 });
    expect(answer.body.issues).toEqual([
      { path: ["batch", 1], message: "Text must not contain NUL characters or invalid Unicode." },
      // A trait that becomes a profile value: refused by that value's own check.
      {
        path: ["batch", 2, "traits", "firstName"],
        message: "Text must not contain NUL characters or invalid Unicode.",
      },
    ]);
    const [stored] = await t.db.select().from(profiles).where(eq(profiles.subjectId, "u-nul-1"));
    expect(stored!.region).toBe("PT");
    // What is only read, not stored (a page title cut through an emoji), refuses nothing.
    const read = await post({
      batch: [
        {
          type: "track",
          messageId: "m-nul-4",
          userId: "u-nul-1",
          event: CONSENT_EVENT,
          context: {
            page: { title: "Offers \ud83d" },
            consent: { categoryPreferences: { Advertising: true } },
          },
        },
        // The same broken call queued twice: refused twice, kept once.
        { type: "identify", messageId: "m-nul-5" },
        { type: "identify", messageId: "m-nul-5" },
      ],
    });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ refused: 2, consentEvents: 1 });
    // Kept for the admin page with what of its id can be stored.
    const refused = await refusedSegmentMessages(t.db);
    expect(refused.map((r) => r.messageId)).toEqual(
      expect.arrayContaining(["m-nul-2\uFFFD", "m-nul-3", "m-nul-5"]),
    );
  });

  it("refuses a message whose refusal quotes text that cannot be stored, alone, and stores the rest", async () => {
    const answer = await post({
      batch: [
        // Refused for its country, which the reason quotes (with its NUL).
        {
          type: "identify",
          messageId: "m-quote-1",
          userId: "u-q-1",
          context: { location: { country: "At\u0000lantis" } },
        },
        // Refused for its categories, which the reason lists, cut at 200 characters through an emoji.
        {
          type: "track",
          messageId: "m-quote-2",
          userId: "u-q-1",
          event: CONSENT_EVENT,
          context: { consent: { categoryPreferences: { [`${"x".repeat(199)}\u{1F642}`]: true } } },
        },
        { type: "identify", messageId: "m-quote-3", userId: "u-q-2", traits: { country: "PT" } },
      ],
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ received: 3, refused: 2, profiles: 1 });
    // The refusals quote what the sender sent, as far as it can be stored.
    expect((answer.body.issues as { message: string }[]).map((i) => i.message)).toEqual([
      expect.stringContaining('"At\uFFFDlantis" is no country'),
      expect.stringContaining(`${"x".repeat(199)}\uFFFD`),
    ]);
    const refused = await refusedSegmentMessages(t.db);
    expect(refused.map((r) => r.messageId)).toEqual(
      expect.arrayContaining(["m-quote-1", "m-quote-2"]),
    );
  });

  it("reads a country's name, and files a customer who names none under ZZ", async () => {
    const answer = await post({
      batch: [
        {
          type: "identify",
          messageId: "m-country-1",
          userId: "u-country-1",
          traits: { address: { country: "Deutschland" } },
        },
        {
          type: "identify",
          messageId: "m-country-2",
          userId: "u-country-2",
          context: { location: { country: "United States" } },
        },
        { type: "identify", messageId: "m-country-3", userId: "u-country-3", traits: {} },
      ],
    });
    expect(answer.body).toMatchObject({ received: 3, refused: 0, profiles: 3 });
    expect(await Promise.all(["u-country-1", "u-country-2", "u-country-3"].map(regionOf))).toEqual([
      "DE",
      "US",
      "ZZ",
    ]);
    // A customer filed under ZZ takes the region a later message gives, its device's locale too.
    await post({
      batch: [
        {
          type: "identify",
          messageId: "m-country-4",
          userId: "u-country-3",
          context: { locale: "fr-FR" },
        },
      ],
    });
    expect(await regionOf("u-country-3")).toBe("FR");
  });

  it("uses a refused message sent again once it can be, and still skips one used before", async () => {
    const message = { type: "identify", messageId: "m-again-1", userId: "u-again" };
    const first = await post({ batch: [{ ...message, traits: { country: "Italia!" } }] });
    expect(first.body).toMatchObject({ refused: 1, profiles: 0 });
    // Segment's replay, after the sender mended the trait.
    const again = await post({ batch: [{ ...message, traits: { country: "IT" } }] });
    expect(again.body).toMatchObject({ received: 1, duplicates: 0, refused: 0, profiles: 1 });
    expect(await regionOf("u-again")).toBe("IT");
    expect((await refusedSegmentMessages(t.db)).map((r) => r.messageId)).not.toContain("m-again-1");
    // Used now: sent a third time, it is a retry.
    const third = await post({ batch: [{ ...message, traits: { country: "FR" } }] });
    expect(third.body).toMatchObject({ received: 0, duplicates: 1 });
    expect(await regionOf("u-again")).toBe("IT");
  });

  it("blames a refused value on the call that sent it when one batch merges a customer's calls", async () => {
    const answer = await post({
      batch: [
        {
          type: "identify",
          messageId: "m-merge-1",
          userId: "u-merge",
          traits: { country: "DE", firstName: "Ana" },
        },
        {
          type: "identify",
          messageId: "m-merge-2",
          userId: "u-merge",
          traits: { lastName: "Silva" },
        },
        {
          type: "identify",
          messageId: "m-merge-3",
          userId: "u-merge",
          traits: { firstName: "A".repeat(2_001) },
        },
      ],
    });
    expect(answer.body).toMatchObject({ refused: 1, profiles: 1 });
    expect((answer.body.issues as { path: (string | number)[] }[]).map((i) => i.path)).toEqual([
      ["batch", 2, "traits", "firstName"],
    ]);
    // The calls before it are used as if the refused one had not come.
    const attributes = await t.db
      .select({ name: profileAttributes.name, value: profileAttributes.value })
      .from(profileAttributes)
      .where(eq(profileAttributes.subjectId, "u-merge"))
      .orderBy(profileAttributes.name);
    expect(attributes).toEqual([
      { name: "first_name", value: "Ana" },
      { name: "last_name", value: "Silva" },
    ]);
  });

  it("takes a device's clock running ahead out of its timestamps, as Segment does", async () => {
    // The device's clock is 6 minutes fast: the decision and the send, both by it.
    const ahead = 6 * 60_000;
    const decided = Date.now() - 1_000 + ahead;
    const track = (messageId: string, extra: Record<string, unknown> = {}) => ({
      type: "track",
      messageId,
      userId: "u-clock",
      event: CONSENT_EVENT,
      timestamp: new Date(decided).toISOString(),
      context: { locale: "de-DE", consent: { categoryPreferences: { Advertising: true } } },
      ...extra,
    });
    const answer = await post({
      batch: [track("m-clock-1")],
      sentAt: new Date(Date.now() + ahead).toISOString(),
    });
    expect(answer.body).toMatchObject({ refused: 0, consentEvents: 1 });
    const [event] = await t.db
      .select({ occurredAt: consentEvents.occurredAt })
      .from(consentEvents)
      .where(eq(consentEvents.eventId, "m-clock-1:ads"));
    // About a second before it arrived, by this server's clock.
    expect(Math.abs(Date.now() - 1_000 - event!.occurredAt.getTime())).toBeLessThan(2_000);
    // Without a send time, the same timestamp is in the future and refused, naming the field
    // the sender sent (not the consent API's occurredAt); so is one before 1900.
    const unsent = await post({
      batch: [
        track("m-clock-2"),
        track("m-clock-4", { timestamp: undefined, originalTimestamp: "1850-03-01T00:00:00Z" }),
      ],
    });
    expect((unsent.body.issues as { path: (string | number)[] }[]).map((i) => i.path)).toEqual([
      ["batch", 0, "timestamp"],
      ["batch", 1, "originalTimestamp"],
    ]);
    const refusedNow = await refusedSegmentMessages(t.db);
    expect(refusedNow.find((r) => r.messageId === "m-clock-4")!.reasons).toEqual([
      { field: "originalTimestamp", message: "validation.consentOccurredAtEarly" },
    ]);
    // One that came through Segment (receivedAt) was corrected there: taken as it is.
    const relayed = await post({
      batch: [
        track("m-clock-3", {
          receivedAt: new Date().toISOString(),
          timestamp: "2026-11-20T10:00:00Z",
        }),
      ],
      sentAt: new Date(Date.now() + ahead).toISOString(),
    });
    expect(relayed.body).toMatchObject({ refused: 0 });
    const [kept] = await t.db
      .select({ occurredAt: consentEvents.occurredAt })
      .from(consentEvents)
      .where(eq(consentEvents.eventId, "m-clock-3:ads"));
    expect(kept!.occurredAt.toISOString()).toBe("2026-11-20T10:00:00.000Z");
  });

  it("dates a decision by originalTimestamp where a sender gives no timestamp, as RudderStack's SDKs", async () => {
    // Decided offline three hours ago by a device whose clock is 6 minutes fast, sent now.
    const ahead = 6 * 60_000;
    const decided = Date.now() - 3 * 3_600_000;
    const answer = await post({
      batch: [
        {
          type: "track",
          messageId: "m-original-1",
          userId: "u-offline",
          event: CONSENT_EVENT,
          originalTimestamp: new Date(decided + ahead).toISOString(),
          sentAt: new Date(Date.now() + ahead).toISOString(),
          context: { consent: { categoryPreferences: { Advertising: false } } },
        },
      ],
    });
    expect(answer.body).toMatchObject({ refused: 0, consentEvents: 1 });
    const [event] = await t.db
      .select({ occurredAt: consentEvents.occurredAt })
      .from(consentEvents)
      .where(eq(consentEvents.eventId, "m-original-1:ads"));
    expect(Math.abs(decided - event!.occurredAt.getTime())).toBeLessThan(2_000);
  });

  it("keeps a stored region when the device's locale says otherwise", async () => {
    await post({
      batch: [
        {
          type: "identify",
          messageId: "m-region-1",
          userId: "u-7",
          traits: { phone: "030 1234567" },
          context: { locale: "de-DE" },
        },
        {
          type: "identify",
          messageId: "m-region-2",
          userId: "u-7",
          traits: { firstName: "Jo" },
          context: { locale: "en-US" },
        },
      ],
    });
    await post({
      batch: [
        {
          type: "identify",
          messageId: "m-region-3",
          userId: "u-7",
          traits: { lastName: "Weber" },
          context: { locale: "en-US" },
        },
      ],
    });
    const [u7] = await t.db.select().from(profiles).where(eq(profiles.subjectId, "u-7"));
    expect(u7!.region).toBe("DE");
  });

  it("keeps a stored subdivision when a message names its country only", async () => {
    const identify = (n: number, traits: Record<string, unknown>) => ({
      type: "identify",
      messageId: `m-sub-${n}`,
      userId: "u-ca",
      traits,
      timestamp: "2026-11-21T10:00:00Z",
    });
    expect((await post({ batch: [identify(1, { country: "US" })] })).status).toBe(200);
    // Filed under California by the profiles API (a CRM that knows the state).
    await t.db.execute(sql`update profiles set region = 'US-CA' where subject_id = 'u-ca'`);
    await post({ batch: [identify(2, { country: "United States", firstName: "Ann" })] });
    expect(await regionOf("u-ca")).toBe("US-CA");
    await post({
      batch: [
        {
          type: "track",
          event: CONSENT_EVENT,
          messageId: "m-sub-3",
          userId: "u-ca",
          context: {
            consent: { categoryPreferences: { Advertising: false } },
            location: { country: "US" },
          },
          timestamp: "2026-11-21T11:00:00Z",
        },
      ],
    });
    const [event] = await t.db
      .select({ region: consentEvents.region })
      .from(consentEvents)
      .where(eq(consentEvents.subjectId, "u-ca"));
    expect(event?.region).toBe("US-CA");
    // Another country is a move: it wins.
    await post({ batch: [identify(4, { country: "DE" })] });
    expect(await regionOf("u-ca")).toBe("DE");
  });

  it("follows the admin's mapping and default region", async () => {
    await saveSetting(t.db, system, {
      key: SEGMENT_SETTING,
      action: "segment.mapping_update",
      value: {
        ...defaultSegmentMapping,
        traits: [
          ...defaultSegmentMapping.traits,
          { trait: "plan", identifier: "", attribute: "preferences.plan" },
          { trait: "loyaltyNumber", identifier: "loyalty_id", attribute: "" },
        ],
        defaultRegion: "AT",
      },
    });
    await send((analytics) =>
      analytics.identify({ userId: "u-5", traits: { plan: "gold", loyaltyNumber: 7781 } }),
    );
    const [profile] = await t.db.select().from(profiles).where(eq(profiles.subjectId, "u-5"));
    expect(profile!.region).toBe("AT");
    const [plan] = await t.db
      .select({ value: profileAttributes.value })
      .from(profileAttributes)
      .where(and(eq(profileAttributes.subjectId, "u-5"), eq(profileAttributes.name, "plan")));
    expect(plan!.value).toBe("gold");
    const [loyalty] = await t.db
      .select({ value: profileIdentifiers.value })
      .from(profileIdentifiers)
      .where(
        and(eq(profileIdentifiers.subjectId, "u-5"), eq(profileIdentifiers.type, "loyalty_id")),
      );
    expect(loyalty!.value).toBe("7781");
  });

  describe("consent a visitor gives before signing in", () => {
    const personOf = async (subjectId: string) => {
      const [row] = await t.db
        .select({ personId: profiles.personId })
        .from(profiles)
        .where(eq(profiles.subjectId, subjectId));
      return row?.personId;
    };
    const identifiersOf = async (subjectId: string) =>
      Object.fromEntries(
        (
          await t.db
            .select({ type: profileIdentifiers.type, value: profileIdentifiers.value })
            .from(profileIdentifiers)
            .where(eq(profileIdentifiers.subjectId, subjectId))
        ).map((i) => [i.type, i.value]),
      );
    /** Persons in a region reachable for a purpose (one with two identifier types or more). */
    const personReach = async (region: string, purpose: string) =>
      (await getProfileMetrics(t.db, { unit: "person", region })).reach.find(
        (r) => r.purpose === purpose,
      )?.profiles;
    const personsIn = async (region: string) =>
      (await getProfileMetrics(t.db, { unit: "person", region })).persons;
    const consentTrack = (
      ids: { userId: string } | { anonymousId: string },
      preferences: Record<string, boolean>,
      country?: string,
    ) =>
      ({
        ...ids,
        event: CONSENT_EVENT,
        timestamp: new Date("2026-11-20T10:00:00Z"),
        context: {
          ...(country ? { location: { country } } : {}),
          consent: { categoryPreferences: preferences },
        },
      }) as Parameters<Analytics["track"]>[0];

    it("counts for the customer who signs in: identify names both ids and joins the two", async () => {
      // The cookie banner on the shop's site, not signed in.
      const banner = await post({
        batch: [
          {
            type: "track",
            messageId: "banner-is",
            ...consentTrack(
              { anonymousId: "visitor-is" },
              { Advertising: true, Analytics: false },
              "IS",
            ),
          },
        ],
      });
      expect(banner).toEqual({
        status: 200,
        body: expect.objectContaining({ refused: 0, profiles: 1, consentEvents: 3 }),
      });
      // The visitor has a profile of their id and region, and nothing else yet: one identifier
      // type, so no person to reach.
      expect(await regionOf("visitor-is")).toBe("IS");
      expect(await identifiersOf("visitor-is")).toEqual({ anonymous_id: "visitor-is" });
      expect(await personReach("IS", "ads")).toBe(0);

      // Signing up: analytics.js sends identify with both ids.
      await send((a) =>
        a.identify({
          userId: "cust-is",
          anonymousId: "visitor-is",
          traits: { email: "sigga@example.is", country: "IS" },
        }),
      );
      expect(await identifiersOf("visitor-is")).toEqual({
        anonymous_id: "visitor-is",
        user_id: "cust-is",
      });
      expect(await personOf("cust-is")).toBe("cust-is");
      expect(await personOf("visitor-is")).toBe("cust-is");
      // The grant given as a visitor is the customer's: the person is reachable for ads, not
      // for analytics, which the visitor refused.
      expect(await personReach("IS", "ads")).toBe(1);
      expect(await personReach("IS", "analytics")).toBe(0);

      // The customer signs in on a phone later: the profile's visitor id is the phone's now, and
      // the first visitor stays joined by the user id it was given.
      await send((a) =>
        a.identify({ userId: "cust-is", anonymousId: "phone-is", traits: { country: "IS" } }),
      );
      expect((await identifiersOf("cust-is")).anonymous_id).toBe("phone-is");
      expect(await personOf("visitor-is")).toBe("cust-is");
      expect(await personReach("IS", "ads")).toBe(1);
    });

    it("joins a visitor whose consent comes after the identify that named them, for good", async () => {
      // In one batch, and in a later one.
      await send((a) => {
        a.identify({
          userId: "cust-no",
          anonymousId: "visitor-no",
          traits: { email: "ola@example.no", country: "NO" },
        });
        a.track(consentTrack({ anonymousId: "visitor-no" }, { Advertising: true }, "NO"));
      });
      await send((a) =>
        a.identify({ userId: "cust-nl", anonymousId: "visitor-nl", traits: { country: "NL" } }),
      );
      await send((a) =>
        a.track(consentTrack({ anonymousId: "visitor-nl" }, { Advertising: true }, "NL")),
      );
      // The visitor's profile is given the customer's user id, as when the identify comes after.
      for (const [visitor, customer] of [
        ["visitor-no", "cust-no"],
        ["visitor-nl", "cust-nl"],
      ] as const) {
        expect(await identifiersOf(visitor)).toEqual({ anonymous_id: visitor, user_id: customer });
        expect(await personOf(visitor)).toBe(customer);
      }
      expect(await personReach("NO", "ads")).toBe(1);
      // Still joined once the customer signs in on another device.
      await send((a) =>
        a.identify({ userId: "cust-no", anonymousId: "tablet-no", traits: { country: "NO" } }),
      );
      expect(await personOf("visitor-no")).toBe("cust-no");
      expect(await personReach("NO", "ads")).toBe(1);
    });

    it("keeps a customer's visitors joined however many devices they consented on", async () => {
      // Seven browsers, each answering the banner and then signing in: seven visitor profiles
      // carry the customer's user id, more than the five a shared value may have.
      for (let d = 1; d <= 7; d++)
        await send((a) => {
          // A day apart: the seventh device's decision is the latest.
          a.track({
            ...consentTrack({ anonymousId: `device-${d}-ie` }, { Advertising: d % 2 === 1 }, "IE"),
            timestamp: new Date(Date.UTC(2026, 10, 10 + d, 10)),
          });
          a.identify({
            userId: "cust-ie",
            anonymousId: `device-${d}-ie`,
            traits: { country: "IE" },
          });
        });
      const persons = async () =>
        new Set(
          await Promise.all(
            ["cust-ie", ...Array.from({ length: 7 }, (_, i) => `device-${i + 1}-ie`)].map(personOf),
          ),
        );
      expect(await persons()).toEqual(new Set(["cust-ie"]));
      expect(await personsIn("IE")).toBe(1);
      // The latest decision, from the seventh device, is a grant.
      expect(await personReach("IE", "ads")).toBe(1);
      const identity = await getSubjectIdentity(t.db, "cust-ie", { mask: false });
      expect(identity?.flagged).toEqual([]);
      // A full rebuild forms the same person.
      await t.db.transaction((tx) => rebuildIdentities(tx));
      expect(await persons()).toEqual(new Set(["cust-ie"]));
    });

    it("keeps two customers who signed in on one browser apart", async () => {
      await send((a) => {
        a.identify({ userId: "cust-lu-a", anonymousId: "family-lu", traits: { country: "LU" } });
        a.identify({ userId: "cust-lu-b", anonymousId: "family-lu", traits: { country: "LU" } });
      });
      expect(await personOf("cust-lu-a")).toBe("cust-lu-a");
      expect(await personOf("cust-lu-b")).toBe("cust-lu-b");
      // Consent given on that browser alone is no one's in particular: its own person.
      await send((a) =>
        a.track(consentTrack({ anonymousId: "family-lu" }, { Advertising: true }, "LU")),
      );
      expect(await identifiersOf("family-lu")).toEqual({ anonymous_id: "family-lu" });
      expect(await personOf("family-lu")).toBe("family-lu");
      // So too when both sign in and the consent arrives in one batch.
      await send((a) => {
        a.identify({ userId: "cust-mt-a", anonymousId: "family-mt", traits: { country: "MT" } });
        a.identify({ userId: "cust-mt-b", anonymousId: "family-mt", traits: { country: "MT" } });
        a.track(consentTrack({ anonymousId: "family-mt" }, { Advertising: true }, "MT"));
      });
      expect(await identifiersOf("family-mt")).toEqual({ anonymous_id: "family-mt" });
      expect(await personOf("family-mt")).toBe("family-mt");
    });

    it("leaves a customer's profile as it was when their consent track arrives", async () => {
      await send((a) =>
        a.identify({
          userId: "cust-se",
          anonymousId: "laptop-se",
          traits: { email: "sven@example.se", country: "SE" },
        }),
      );
      await send((a) =>
        a.track({
          ...consentTrack({ userId: "cust-se" }, { Advertising: false }, "SE"),
          anonymousId: "tablet-se",
        }),
      );
      expect(await identifiersOf("cust-se")).toEqual({
        anonymous_id: "laptop-se",
        email: "sven@example.se",
        user_id: "cust-se",
      });
      // The tablet never gave consent alone: no profile for it.
      expect(await regionOf("tablet-se")).toBeUndefined();
      // A customer known only by their consent track gets a profile of their ids.
      await send((a) =>
        a.track({
          ...consentTrack({ userId: "cust-fi" }, { Advertising: true }, "FI"),
          anonymousId: "laptop-fi",
        }),
      );
      expect(await identifiersOf("cust-fi")).toEqual({
        anonymous_id: "laptop-fi",
        user_id: "cust-fi",
      });
      expect(await personReach("FI", "ads")).toBe(1);
    });

    it("stays with the visitor where an admin does not match on user ids", async () => {
      const admin = await keyOwner(t.db, "matching@example.com");
      await setMatchingConfig(t.db, admin, {
        types: ["email", "loyalty_id", "phone"],
        maxProfiles: 5,
      });
      try {
        await send((a) => {
          a.track(consentTrack({ anonymousId: "visitor-dk" }, { Advertising: true }, "DK"));
          a.identify({ userId: "cust-dk", anonymousId: "visitor-dk", traits: { country: "DK" } });
        });
        // The ids are stored all the same, for the day the admin matches on them.
        expect(await identifiersOf("visitor-dk")).toEqual({
          anonymous_id: "visitor-dk",
          user_id: "cust-dk",
        });
        expect(await personOf("visitor-dk")).toBe("visitor-dk");
        expect(await personsIn("DK")).toBe(2);
      } finally {
        await setMatchingConfig(t.db, admin, defaultMatching);
      }
      expect(await personOf("visitor-dk")).toBe("cust-dk");
      expect(await personsIn("DK")).toBe(1);
    });
  });

  it("answers 401 to an unknown write key and 403 to a key without the ingest scope", async () => {
    expect((await post({ batch: [] }, `Basic ${btoa("fp_nope:")}`)).status).toBe(401);
    const [owner] = await t.db.select().from(users).limit(1);
    const reader = await createApiKey(
      t.db,
      { type: "user", id: owner!.id, label: owner!.email, role: "admin" },
      { name: "reader", scopes: ["read"] },
    );
    expect((await post({ batch: [] }, `Basic ${btoa(`${reader.key}:`)}`)).status).toBe(403);
    const empty = await post({ batch: [] });
    expect(empty.status).toBe(422);
  });
});
