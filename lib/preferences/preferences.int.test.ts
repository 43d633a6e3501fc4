/** Preference links and the preference page's data and saves, on PGlite and on PostgreSQL. */
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, consentEvents, dataSources } from "@/db/schema";
import { getOutdatedConsents } from "@/lib/metrics/reconsent";
import { recordConsentEvents } from "@/lib/consent/ingest";
import { createPurpose, updatePurpose } from "@/lib/purposes";
import { upsertProfiles } from "@/lib/profiles/ingest";
import { feeder, system, testUser } from "@/tests/actors";
import { createTestDatabase, type TestDatabase } from "@/tests/database";
import {
  createPreferenceLink,
  resolvePreferenceLink,
  listWorkingPreferenceLinks,
  revokePreferenceLink,
  revokePreferenceLinks,
  type PreferenceLink,
} from "./links";
import { getPreferenceCenterMetrics, recordVisit, visitsSince } from "./funnel";
import {
  getPreferencePage,
  PREFERENCE_CENTER_VERSION,
  savePreferences,
  type PreferencePage,
} from "./page";
import { storeSetting } from "@/lib/settings";
import { getPreferenceCenterSettings, setPreferenceCenterSettings } from "./settings";

let t: TestDatabase;
const created = new Date("2026-01-01T00:00:00Z");
const now = new Date("2026-11-29T12:00:00Z");
const origin = "https://fp.example.org";

const consentPurpose = (key: string, extra: Record<string, unknown> = {}) => ({
  key,
  name: key,
  functionalArea: "marketing",
  legalBasis: "consent",
  customerTitle: `${key} title`,
  customerDescription: `What ${key} does`,
  customerValue: `Why ${key} helps you`,
  dataCategories: ["contact"],
  retentionDays: 365,
  status: "active",
  ...extra,
});

beforeAll(async () => {
  t = await createTestDatabase();
  await createPurpose(t.db, system, consentPurpose("news"), created);
  await createPurpose(
    t.db,
    system,
    consentPurpose("partner-ads", { functionalArea: "sales", involvesSale: true }),
    created,
  );
  // Neither is shown: one is not based on consent, the other is not active.
  await createPurpose(
    t.db,
    system,
    { ...consentPurpose("billing"), legalBasis: "contract", functionalArea: "service" },
    created,
  );
  await createPurpose(t.db, system, { ...consentPurpose("later"), status: "draft" }, created);
});
afterAll(() => t?.drop());

/** A link as the page resolves it (the links themselves are tested on their own). */
/** A working link for the customer, issued once (a save checks its link in its transaction). */
const issued = new Map<string, Promise<PreferenceLink>>();
function link(subjectId: string): Promise<PreferenceLink> {
  let found = issued.get(subjectId);
  if (!found) {
    found = createPreferenceLink(
      t.db,
      feeder,
      { subjectId, expiresInDays: 365 },
      { origin, now: created },
    ).then(async ({ url }) => (await resolvePreferenceLink(t.db, url.split("/").pop()!, now))!);
    issued.set(subjectId, found);
  }
  return found;
}

/**
 * The customer saves `page` as it was shown to them with `granted` ticked; what was recorded,
 * once the page the save hands back is checked against the page read afresh.
 */
async function save(
  subject: string,
  page: PreferencePage,
  granted: Iterable<string>,
  options: { gpc?: boolean; now?: Date } = {},
) {
  const gpc = options.gpc ?? false;
  const outcome = await savePreferences(
    t.db,
    await link(subject),
    { granted: new Set(granted), shown: shownAll(page) },
    { gpc, now: options.now ?? now },
  );
  if ("gone" in outcome) throw new Error("the link stopped working");
  expect(outcome.page).toEqual(await getPreferencePage(t.db, subject, { gpc }));
  return "saved" in outcome ? { saved: outcome.saved } : { stale: outcome.stale };
}

/** The customer's first look at their page, saved with `granted` ticked (no GPC); the page. */
async function saveAsShown(subject: string, granted: string[]) {
  const page = await getPreferencePage(t.db, subject, { gpc: false });
  await save(subject, page, granted);
  return page;
}

/** The customer's decision on "news" made elsewhere (an e-mail campaign's link), at `at`. */
async function decidedByEmail(subject: string, action: "grant" | "deny", at: Date, region: string) {
  await recordConsentEvents(
    t.db,
    feeder,
    [
      {
        eventId: `${subject}-1`,
        subjectId: subject,
        purpose: "news",
        action,
        occurredAt: at.toISOString(),
        channel: "email",
        region,
      },
    ],
    { now },
  );
}

async function eventsOf(subjectId: string) {
  return t.db
    .select()
    .from(consentEvents)
    .where(eq(consentEvents.subjectId, subjectId))
    .orderBy(consentEvents.id);
}

/** What the page's form says it showed: each purpose's version and whether its box was ticked. */
const shownAll = (page: Awaited<ReturnType<typeof getPreferencePage>>) =>
  new Map(page.purposes.map((p) => [p.key, { version: p.version, ticked: p.ticked }]));

describe("preference links", () => {
  it("opens only with the token as issued, until it expires, and is audited", async () => {
    const link = await createPreferenceLink(
      t.db,
      feeder,
      { subjectId: "cust-secret-42", expiresInDays: 30 },
      { origin, now },
    );
    const token = link.url.slice(`${origin}/preferences/`.length);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(link.url).not.toContain("cust-secret-42");
    expect(link.expiresAt).toBe("2026-12-29T12:00:00.000Z");

    expect(await resolvePreferenceLink(t.db, token, now)).toMatchObject({
      subjectId: "cust-secret-42",
      locale: null,
    });
    const tampered = token.slice(0, -1) + (token.endsWith("A") ? "B" : "A");
    expect(await resolvePreferenceLink(t.db, tampered, now)).toBeNull();
    expect(await resolvePreferenceLink(t.db, "cust-secret-42", now)).toBeNull();
    expect(await resolvePreferenceLink(t.db, token, new Date("2026-12-29T12:00:00Z"))).toBeNull();

    const audit = await t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "preference_link.create"));
    expect(audit.map((a) => a.actorLabel)).toContain(feeder.label);
  });

  it("stop working once revoked, all of the customer's at once and nobody else's, audited once", async () => {
    const officer = testUser(7, "officer@example.com", "privacy");
    const issue = async (subjectId: string, expiresInDays: number, at = now) =>
      (
        await createPreferenceLink(t.db, feeder, { subjectId, expiresInDays }, { origin, now: at })
      ).url
        .split("/")
        .pop()!;
    const expired = await issue("cust-leaked", 1, new Date("2026-10-01T00:00:00Z"));
    const first = await issue("cust-leaked", 30);
    const second = await issue("cust-leaked", 90);
    const neighbour = await issue("cust-neighbour", 30);
    // Both issued at the same moment: in no particular order.
    expect(
      (await listWorkingPreferenceLinks(t.db, "cust-leaked", now)).map((l) => l.expiresAt).sort(),
    ).toEqual(["2026-12-29T12:00:00.000Z", "2027-02-27T12:00:00.000Z"]);

    const later = new Date(now.getTime() + 60_000);
    expect(await revokePreferenceLinks(t.db, officer, "cust-leaked", later)).toEqual({
      revoked: 2,
    });
    for (const token of [first, second, expired])
      expect(await resolvePreferenceLink(t.db, token, later)).toBeNull();
    expect(await resolvePreferenceLink(t.db, neighbour, later)).toMatchObject({
      subjectId: "cust-neighbour",
    });
    expect(await listWorkingPreferenceLinks(t.db, "cust-leaked", later)).toEqual([]);
    // Nothing left to revoke: no second audit event. A link issued after works as usual.
    expect(await revokePreferenceLinks(t.db, officer, "cust-leaked", later)).toEqual({
      revoked: 0,
    });
    const fresh = await issue("cust-leaked", 30, later);
    expect(await resolvePreferenceLink(t.db, fresh, later)).toMatchObject({
      subjectId: "cust-leaked",
    });
    const audit = await t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "preference_link.revoke"));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorLabel: officer.label, actorType: "user" });
    expect((audit[0]!.detail as { subjectId: string; links: string[] }).links).toHaveLength(2);
  });

  it("lists a customer's working links with their use, and revokes one, leaving the others", async () => {
    const officer = testUser(8, "officer2@example.com", "privacy");
    const issue = async (subjectId: string, days: number, at: Date, locale?: "de") => {
      const { id, url } = await createPreferenceLink(
        t.db,
        feeder,
        { subjectId, expiresInDays: days, ...(locale ? { locale } : {}) },
        { origin, now: at },
      );
      return { id, token: url.split("/").pop()! };
    };
    const older = await issue("cust-one-leaked", 60, new Date(now.getTime() - 86_400_000), "de");
    const newer = await issue("cust-one-leaked", 30, now);
    const other = await issue("cust-one-other", 30, now);
    await recordVisit(t.db, older.id, "view", [], new Date(now.getTime() - 3_600_000));
    await recordVisit(t.db, older.id, "save", ["news"], new Date(now.getTime() - 3_000_000));
    // A mail scanner following both links afterwards is no one's use of them.
    await recordVisit(t.db, older.id, "fetch", [], new Date(now.getTime() - 1_000_000));
    await recordVisit(t.db, newer.id, "fetch", [], new Date(now.getTime() - 1_000_000));

    const listed = await listWorkingPreferenceLinks(t.db, "cust-one-leaked", now);
    // Opened once and saved: one view, last used at the save.
    expect(listed.map((l) => [l.id, l.locale, l.views, l.lastVisitAt])).toEqual([
      [newer.id, null, 0, null],
      [older.id, "de", 1, new Date(now.getTime() - 3_000_000).toISOString()],
    ]);
    expect(listed[1]).toMatchObject({
      createdAt: new Date(now.getTime() - 86_400_000).toISOString(),
      expiresAt: new Date(now.getTime() + 59 * 86_400_000).toISOString(),
    });

    expect(await revokePreferenceLink(t.db, officer, "cust-one-leaked", "not-an-id", now)).toEqual({
      revoked: 0,
    });
    // Another customer's link, named with this customer, is not theirs to revoke.
    expect(await revokePreferenceLink(t.db, officer, "cust-one-leaked", other.id, now)).toEqual({
      revoked: 0,
    });
    // Named in capitals, as a path may spell it: the same link, audited as stored.
    expect(
      await revokePreferenceLink(t.db, officer, "cust-one-leaked", older.id.toUpperCase(), now),
    ).toEqual({ revoked: 1 });
    expect(await resolvePreferenceLink(t.db, older.token, now)).toBeNull();
    expect(await resolvePreferenceLink(t.db, newer.token, now)).not.toBeNull();
    expect(await resolvePreferenceLink(t.db, other.token, now)).not.toBeNull();
    expect(
      (await listWorkingPreferenceLinks(t.db, "cust-one-leaked", now)).map((l) => l.id),
    ).toEqual([newer.id]);
    // Once is enough: revoking it again changes nothing and is not audited again.
    expect(await revokePreferenceLink(t.db, officer, "cust-one-leaked", older.id, now)).toEqual({
      revoked: 0,
    });
    const audit = await t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.actorLabel, officer.label));
    expect(audit.map((a) => [a.action, a.entityId])).toEqual([
      ["preference_link.revoke", older.id],
    ]);
    expect(audit[0]!.detail).toEqual({ subjectId: "cust-one-leaked", links: [older.id] });
  });

  it("refuses a request that names no customer, or a language that is no language tag", async () => {
    await expect(
      createPreferenceLink(t.db, feeder, { subjectId: "", locale: "de" }, { origin, now }),
    ).rejects.toThrow();
    await expect(
      createPreferenceLink(
        t.db,
        feeder,
        { subjectId: "cust-tag", locale: "deutsch!" },
        { origin, now },
      ),
    ).rejects.toThrow();
  });

  it("reads a language tag as its language, English where the page has not that one", async () => {
    const locale = async (tag: string) => {
      const { url } = await createPreferenceLink(
        t.db,
        feeder,
        { subjectId: "cust-tag", locale: tag },
        { origin, now },
      );
      return (await resolvePreferenceLink(t.db, url.split("/").pop()!, now))!.locale;
    };
    expect(await locale("de-AT")).toBe("de");
    expect(await locale("DE")).toBe("de");
    expect(await locale("en_GB")).toBe("en");
    expect(await locale("fr")).toBe("en");
  });
});

describe("the preference page", () => {
  it("shows the active consent purposes, records one event per changed choice", async () => {
    const subject = "cust-pc-1";
    const first = await getPreferencePage(t.db, subject, { gpc: false });
    expect(first.purposes.map((p) => [p.key, p.choice, p.ticked])).toEqual([
      ["news", null, false],
      ["partner-ads", null, false],
    ]);

    // Nothing ticked on a page never decided: nothing to record.
    expect(await save(subject, first, [])).toEqual({ saved: 0 });
    expect(await save(subject, first, ["news"])).toEqual({ saved: 1 });
    const second = await getPreferencePage(t.db, subject, { gpc: false });
    const later = new Date(now.getTime() + 60_000);
    expect(await save(subject, second, ["partner-ads"], { now: later })).toEqual({ saved: 2 });

    const events = await eventsOf(subject);
    expect(
      events.map((e) => [e.action, e.gpc, e.channel, e.noticeVersion, e.purposeVersion]),
    ).toEqual([
      ["grant", false, "web", PREFERENCE_CENTER_VERSION, 1],
      ["withdraw", false, "web", PREFERENCE_CENTER_VERSION, 1],
      ["grant", false, "web", PREFERENCE_CENTER_VERSION, 1],
    ]);
    expect(events.every((e) => e.region === "ZZ")).toBe(true);
    // From the preference center, a zero-party source: the first save put it in the inventory
    // (audited), and every event names it.
    const [source] = await t.db
      .select()
      .from(dataSources)
      .where(eq(dataSources.key, "preference-center"));
    expect(source).toMatchObject({
      party: "zero",
      category: "preference_center",
      monthlyVolume: 0,
    });
    expect(new Set(events.map((e) => e.sourceId))).toEqual(new Set([source!.id]));
    const created = await t.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, "data_source.create"),
          eq(auditEvents.entityId, "preference-center"),
        ),
      );
    expect(created).toHaveLength(1);
    // Each save's audit event names the link that made it, and the customer.
    const { id: linkId } = await link(subject);
    const audited = await t.db
      .select({ detail: auditEvents.detail, actor: auditEvents.actorLabel })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, "consent_events.ingest"),
          sql`${auditEvents.detail}->>'subjectId' = ${subject}`,
        ),
      )
      .orderBy(sql`${auditEvents.detail}->>'accepted'`);
    expect(audited).toEqual(
      [1, 2].map((accepted) => ({
        actor: "preference center",
        detail: {
          received: accepted,
          accepted,
          duplicates: 0,
          preferenceLinkId: linkId,
          subjectId: subject,
        },
      })),
    );
    const after = await getPreferencePage(t.db, subject, { gpc: false });
    expect(after.purposes.map((p) => [p.key, p.choice, p.ticked])).toEqual([
      ["news", "withdrawn", false],
      ["partner-ads", "granted", true],
    ]);
  });

  it("leaves a choice made elsewhere after the page was shown as it is, unless changed on the page", async () => {
    const subject = "cust-pc-elsewhere";
    const decide = (action: "grant" | "withdraw", minutes: number) =>
      recordConsentEvents(
        t.db,
        feeder,
        [
          {
            eventId: `${subject}-${action}-${minutes}`,
            subjectId: subject,
            purpose: "news",
            action,
            occurredAt: new Date(now.getTime() - minutes * 60_000).toISOString(),
            channel: "email",
            region: "DE",
          },
        ],
        { now },
      );
    const choiceOfNews = async () =>
      (await getPreferencePage(t.db, subject, { gpc: false })).purposes.find(
        (p) => p.key === "news",
      )!.choice;

    // Opened with "news" off; granted from an e-mail's link; the page saved with "news" as shown.
    const opened = await getPreferencePage(t.db, subject, { gpc: false });
    await decide("grant", 30);
    expect(await save(subject, opened, ["partner-ads"])).toEqual({ saved: 1 });
    expect(await choiceOfNews()).toBe("granted");

    // Opened with "news" on; withdrawn elsewhere; the page, still showing it on, does not grant
    // it again.
    const reopened = await getPreferencePage(t.db, subject, { gpc: false });
    await decide("withdraw", 20);
    expect(await save(subject, reopened, ["news", "partner-ads"])).toEqual({ saved: 0 });
    expect(await choiceOfNews()).toBe("withdrawn");

    expect((await eventsOf(subject)).filter((e) => e.channel === "web")).toHaveLength(1);
  });

  it("records a save in the region of the customer's latest event, else of their profile", async () => {
    const subject = "cust-pc-region";
    await decidedByEmail(subject, "deny", new Date("2026-11-01T10:00:00Z"), "US-CA");
    const page = await getPreferencePage(t.db, subject, { gpc: false });
    expect(page.lastRegion).toBe("US-CA");
    await save(subject, page, ["news"]);
    expect((await eventsOf(subject)).map((e) => [e.action, e.region])).toEqual([
      ["deny", "US-CA"],
      ["grant", "US-CA"],
    ]);
  });

  it("records a save in their profile's region when their latest event's region was unknown", async () => {
    const subject = "cust-pc-region-zz";
    await upsertProfiles(t.db, system, [
      {
        subjectId: subject,
        region: "DE",
        identifiers: { email: "zz@example.com" },
        attributes: [],
      },
    ]);
    await decidedByEmail(subject, "deny", new Date("2026-11-01T10:00:00Z"), "ZZ");
    await save(subject, await getPreferencePage(t.db, subject, { gpc: false }), ["news"]);
    expect((await eventsOf(subject)).map((e) => [e.action, e.region])).toEqual([
      ["deny", "ZZ"],
      ["grant", "DE"],
    ]);
  });

  it("makes the customer's choice the current one even behind an event stamped ahead of the clock", async () => {
    const subject = "pref-ahead";
    // A CRM's clock runs 3 minutes ahead (the API takes events up to 5 minutes ahead).
    await decidedByEmail(subject, "grant", new Date(now.getTime() + 3 * 60_000), "DE");
    const page = await getPreferencePage(t.db, subject, { gpc: false });
    expect(page.purposes.find((p) => p.key === "news")?.choice).toBe("granted");
    // Unticked and saved: the page read again (in save) shows the withdrawal in force.
    expect(await save(subject, page, [])).toEqual({ saved: 1 });
    const after = await getPreferencePage(t.db, subject, { gpc: false });
    expect(after.purposes.find((p) => p.key === "news")?.choice).toBe("withdrawn");
  });

  it("saves behind an event stamped ahead of this instance's clock by more than the API allows", async () => {
    const subject = "pref-far-ahead";
    // Taken by an instance whose clock ran ahead, 4 minutes past `now`; this instance's clock is
    // 2 minutes behind `now`, so the event is 6 minutes ahead of it.
    await decidedByEmail(subject, "grant", new Date(now.getTime() + 4 * 60_000), "DE");
    const behind = new Date(now.getTime() - 2 * 60_000);
    const page = await getPreferencePage(t.db, subject, { gpc: false });
    expect(await save(subject, page, [], { now: behind })).toEqual({ saved: 1 });
    const last = (await eventsOf(subject)).at(-1)!;
    expect(last.action).toBe("withdraw");
    expect(last.occurredAt.getTime()).toBe(now.getTime() + 4 * 60_000 + 1);
  });

  it("starts sale purposes unticked under Global Privacy Control and records the signal", async () => {
    const subject = "cust-pc-gpc";
    await saveAsShown(subject, ["news", "partner-ads"]);
    const withGpc = await getPreferencePage(t.db, subject, { gpc: true });
    expect(withGpc.gpc).toBe(true);
    expect(withGpc.purposes.map((p) => [p.key, p.choice, p.ticked])).toEqual([
      ["news", "granted", true],
      ["partner-ads", "granted", false],
    ]);
    // Saving the page as shown withdraws the sale purpose, with the signal on the event.
    const ticked = new Set(withGpc.purposes.filter((p) => p.ticked).map((p) => p.key));
    const later = new Date(now.getTime() + 60_000);
    expect(await save(subject, withGpc, ticked, { gpc: true, now: later })).toEqual({ saved: 1 });
    const last = (await eventsOf(subject)).at(-1)!;
    expect([last.action, last.gpc]).toEqual(["withdraw", true]);

    // The customer ticks it again with the signal on: their choice over the signal, which the
    // page after the save and every later page keep ticked, so a later save leaves it granted.
    const withdrawn = await getPreferencePage(t.db, subject, { gpc: true });
    const allowed = new Date(later.getTime() + 60_000);
    expect(
      await save(subject, withdrawn, ["news", "partner-ads"], { gpc: true, now: allowed }),
    ).toEqual({ saved: 1 });
    const again = await getPreferencePage(t.db, subject, { gpc: true });
    expect(again.purposes.map((p) => [p.key, p.choice, p.ticked])).toEqual([
      ["news", "granted", true],
      ["partner-ads", "granted", true],
    ]);
    const unchanged = new Set(again.purposes.filter((p) => p.ticked).map((p) => p.key));
    const next = new Date(allowed.getTime() + 60_000);
    expect(await save(subject, again, unchanged, { gpc: true, now: next })).toEqual({ saved: 0 });
    expect((await eventsOf(subject)).at(-1)!.action).toBe("grant");
  });

  it("saves for a customer whose region was stored as a code refused now, under the code in use", async () => {
    for (const [subject, stored, recorded] of [
      ["cust-pc-uk", "UK", "GB"],
      ["cust-pc-xx", "XX", "ZZ"],
    ] as const) {
      // No decision yet: the save takes the profile's region, stored by an earlier release
      // before such codes were refused or replaced.
      await upsertProfiles(t.db, system, [{ subjectId: subject, region: "DE" }]);
      await t.db.execute(sql`update profiles set region = ${stored} where subject_id = ${subject}`);
      const page = await getPreferencePage(t.db, subject, { gpc: false });
      expect(await save(subject, page, ["news"])).toEqual({ saved: 1 });
      const last = (await eventsOf(subject)).at(-1)!;
      expect([last.action, last.region]).toEqual(["grant", recorded]);
    }
  });

  it("records a sale purpose the customer ticks over the signal although it was allowed before it", async () => {
    const subject = "cust-pc-gpc-keep";
    await saveAsShown(subject, ["news", "partner-ads"]); // allowed without the signal
    const withGpc = await getPreferencePage(t.db, subject, { gpc: true });
    expect(withGpc.purposes.find((p) => p.key === "partner-ads")!.ticked).toBe(false);
    // The customer ticks the box the signal had unticked: they keep allowing it, and say so.
    const later = new Date(now.getTime() + 60_000);
    expect(
      await save(subject, withGpc, ["news", "partner-ads"], { gpc: true, now: later }),
    ).toEqual({ saved: 1 });
    const last = (await eventsOf(subject)).at(-1)!;
    expect([last.action, last.gpc]).toEqual(["grant", true]);
    // So the page keeps it ticked, and a later save with the signal leaves it allowed.
    const again = await getPreferencePage(t.db, subject, { gpc: true });
    expect(again.purposes.find((p) => p.key === "partner-ads")!.ticked).toBe(true);
    const unchanged = again.purposes.filter((p) => p.ticked).map((p) => p.key);
    const next = new Date(later.getTime() + 60_000);
    expect(await save(subject, again, unchanged, { gpc: true, now: next })).toEqual({ saved: 0 });
  });

  it("shows the page again, saving nothing, when the signal was switched between showing and saving", async () => {
    const subject = "cust-pc-gpc-switched";
    await saveAsShown(subject, ["news", "partner-ads"]);
    // Shown without the signal (the sale purpose ticked); the customer unticks it, and their
    // browser sends the signal with the save.
    const shownWithout = await getPreferencePage(t.db, subject, { gpc: false });
    const outcome = await savePreferences(
      t.db,
      await link(subject),
      { granted: new Set(["news"]), shown: shownAll(shownWithout), shownWithGpc: false },
      { gpc: true, now: new Date(now.getTime() + 60_000) },
    );
    expect(outcome).toMatchObject({ stale: ["partner-ads"] });
    expect((await eventsOf(subject)).at(-1)!.action).toBe("grant"); // nothing recorded
  });

  it("shows the page again when the signal was switched, also for a sale purpose it starts unticked either way", async () => {
    const subject = "cust-pc-gpc-undecided";
    // Never decided: the sale purpose starts unticked with the signal and without it. Shown
    // without the signal, the customer ticks it; their browser sends the signal with the save.
    const shownWithout = await getPreferencePage(t.db, subject, { gpc: false });
    expect(shownWithout.purposes.find((p) => p.key === "partner-ads")!.ticked).toBe(false);
    const outcome = await savePreferences(
      t.db,
      await link(subject),
      {
        granted: new Set(["partner-ads"]),
        shown: shownAll(shownWithout),
        shownWithGpc: false,
      },
      { gpc: true, now: new Date(now.getTime() + 60_000) },
    );
    // A grant under a signal the page never told them about is no answer: nothing recorded,
    // and the page says the signal changed rather than that purposes did.
    expect(outcome).toMatchObject({ stale: ["partner-ads"], signalChanged: true });
    expect(await eventsOf(subject)).toEqual([]);
  });

  it("marks what changed since the last decision and refuses a save of an older version", async () => {
    const subject = "cust-pc-changed";
    const page = await saveAsShown(subject, ["news"]);
    await updatePurpose(
      t.db,
      system,
      "news",
      { version: 1, customerDescription: "Now also about events near you", name: "Internal name" },
      new Date(now.getTime() + 1000),
    );
    const changed = await getPreferencePage(t.db, subject, { gpc: false });
    expect(changed.purposes.map((p) => [p.key, p.version, p.changed])).toEqual([
      ["news", 2, ["customerDescription"]],
      ["partner-ads", 1, []],
    ]);

    const before = (await eventsOf(subject)).length;
    const later = new Date(now.getTime() + 60_000);
    expect(await save(subject, page, [], { now: later })).toEqual({ stale: ["news"] });
    expect((await eventsOf(subject)).length).toBe(before);
  });
});

describe("saving at the same time as something else", () => {
  it("records a form sent twice at once (a double click, two tabs) once", async () => {
    const subject = "cust-pc-twice";
    const page = await getPreferencePage(t.db, subject, { gpc: false });
    const form = { granted: new Set(["news"]), shown: shownAll(page) };
    const issuedLink = await link(subject);
    const outcomes = await Promise.all(
      [0, 1].map(() => savePreferences(t.db, issuedLink, form, { gpc: false, now })),
    );
    // The second save waits for the first and finds the grant already there.
    expect(
      outcomes.map((o) => ("saved" in o ? o.saved : "gone" in o ? -1 : o.stale)).sort(),
    ).toEqual([0, 1]);
    expect((await eventsOf(subject)).map((e) => e.action)).toEqual(["grant"]);
  });

  it("stores nothing for a link revoked after the page checked it", async () => {
    const subject = "cust-pc-revoked";
    const checked = await link(subject);
    const page = await getPreferencePage(t.db, subject, { gpc: false });
    await revokePreferenceLinks(t.db, system, subject, now);
    const form = { granted: new Set(["news"]), shown: shownAll(page) };
    expect(await savePreferences(t.db, checked, form, { gpc: false, now })).toEqual({
      gone: true,
    });
    expect(await eventsOf(subject)).toEqual([]);
  });

  it("records the version the customer was shown, whatever the clocks say", async () => {
    // An edit saved on an instance whose clock runs a minute ahead: its version starts, by that
    // clock, after the customer saves the page that already showed it.
    await createPurpose(
      t.db,
      system,
      consentPurpose("skewed", { functionalArea: "service" }),
      created,
    );
    await updatePurpose(
      t.db,
      system,
      "skewed",
      { version: 1, customerDescription: "A new description" },
      new Date(now.getTime() + 60_000),
    );
    const subject = "cust-pc-skewed";
    const page = await getPreferencePage(t.db, subject, { gpc: false });
    expect(page.purposes.find((p) => p.key === "skewed")?.version).toBe(2);
    expect(await save(subject, page, ["skewed"])).toEqual({ saved: 1 });
    const [event] = await eventsOf(subject);
    expect(event).toMatchObject({ action: "grant", purposeVersion: 2 });
    // Read again, the page knows the customer decided on what it shows.
    const after = await getPreferencePage(t.db, subject, { gpc: false });
    expect(after.purposes.find((p) => p.key === "skewed")).toMatchObject({
      choice: "granted",
      changed: [],
    });
    await updatePurpose(t.db, system, "skewed", { version: 2, status: "retired" }, now);
  });
});

describe("the preference-center funnel", () => {
  it("counts a link's visits since a moment, the throttle's measure", async () => {
    const issue = async (subjectId: string) => {
      const issued = await createPreferenceLink(t.db, feeder, { subjectId }, { origin, now });
      return (await resolvePreferenceLink(t.db, issued.url.split("/").pop()!, now))!;
    };
    const [mine, other] = [await issue("cust-pc-visits"), await issue("cust-pc-visits-2")];
    const minuteAgo = new Date(now.getTime() - 60_000);
    await recordVisit(t.db, mine.id, "view", [], new Date(now.getTime() - 61_000));
    await recordVisit(t.db, mine.id, "view", [], minuteAgo);
    await recordVisit(t.db, mine.id, "save", [], now);
    await recordVisit(t.db, other.id, "view", [], now);
    expect(await visitsSince(t.db, mine.id, minuteAgo)).toBe(2);
    expect(await visitsSince(t.db, other.id, minuteAgo)).toBe(1);
  });

  it("counts views, saves and what the page recorded per purpose, within the range", async () => {
    const subject = "cust-pc-funnel";
    const issued = await createPreferenceLink(
      t.db,
      feeder,
      { subjectId: subject },
      { origin, now },
    );
    const link = (await resolvePreferenceLink(t.db, issued.url.split("/").pop()!, now))!;
    const page = await getPreferencePage(t.db, subject, { gpc: false });
    const keys = page.purposes.map((p) => p.key);
    const at = new Date("2026-11-20T10:00:00Z");
    await recordVisit(t.db, link.id, "view", keys, at);
    await recordVisit(t.db, link.id, "view", keys, at);
    await savePreferences(
      t.db,
      link,
      { granted: new Set(["news"]), shown: shownAll(page) },
      { gpc: false, now: at },
    );
    await recordVisit(t.db, link.id, "save", keys, at);
    // A mail scanner's fetch, that day and alone on the next: counted apart, never as a view.
    await recordVisit(t.db, link.id, "fetch", keys, at);
    await recordVisit(t.db, link.id, "fetch", keys, new Date("2026-11-21T10:00:00Z"));
    // Outside the range: not counted.
    await recordVisit(t.db, link.id, "view", keys, new Date("2026-10-01T10:00:00Z"));

    const before = await getPreferenceCenterMetrics(t.db, { from: "2026-11-20", to: "2026-11-20" });
    expect([before.views, before.saves, before.fetches]).toEqual([2, 1, 1]);
    expect(before.series).toEqual([{ day: "2026-11-20", views: 2, saves: 1 }]);
    const news = before.byPurpose.find((p) => p.key === "news")!;
    expect([news.shown, news.granted, news.denied]).toEqual([2, 1, 0]);
    const ads = before.byPurpose.find((p) => p.key === "partner-ads")!;
    expect([ads.shown, ads.granted, ads.denied]).toEqual([2, 0, 0]);
    // A day of fetches alone has no views or saves to chart.
    const none = await getPreferenceCenterMetrics(t.db, { from: "2026-11-21", to: "2026-11-22" });
    expect([none.views, none.saves, none.fetches, none.byPurpose, none.series]).toEqual([
      0,
      0,
      1,
      [],
      [],
    ]);
  });
});

describe("fresh consent after a change", () => {
  it("counts customers on an older grant, asks them again, and stops counting once they answer", async () => {
    await createPurpose(t.db, system, consentPurpose("loyalty-club"), created);
    const subjects = ["cust-rc-1", "cust-rc-2", "cust-rc-3"];
    for (const subject of subjects) {
      await saveAsShown(subject, ["loyalty-club"]);
    }
    expect((await getOutdatedConsents(t.db)).map((r) => r.key)).not.toContain("loyalty-club");

    const edited = await updatePurpose(
      t.db,
      system,
      "loyalty-club",
      { version: 1, dataCategories: ["contact", "purchase_history"], requiresReconsent: true },
      new Date(now.getTime() + 1000),
    );
    expect([edited.version, edited.reconsentFromVersion]).toEqual([2, 2]);
    const outdated = () =>
      getOutdatedConsents(t.db).then((rows) => rows.find((r) => r.key === "loyalty-club"));
    expect(await outdated()).toMatchObject({ fromVersion: 2, customers: 3 });

    const page = await getPreferencePage(t.db, "cust-rc-1", { gpc: false });
    const club = page.purposes.find((p) => p.key === "loyalty-club")!;
    expect([club.choice, club.reconsent, club.ticked, club.changed]).toEqual([
      "granted",
      true,
      false,
      ["dataCategories"],
    ]);
    const later = new Date(now.getTime() + 60_000);
    const others = new Set(page.purposes.filter((p) => p.ticked).map((p) => p.key));
    // One customer confirms, one leaves it unticked (a withdrawal); the third has not answered.
    const confirmed = [...others, "loyalty-club"];
    expect(await save("cust-rc-1", page, confirmed, { now: later })).toEqual({ saved: 1 });
    expect(await save("cust-rc-2", page, others, { now: later })).toEqual({ saved: 1 });
    const renewed = (await eventsOf("cust-rc-1")).at(-1)!;
    expect([renewed.action, renewed.purposeVersion]).toEqual(["grant", 2]);
    expect((await eventsOf("cust-rc-2")).at(-1)!.action).toBe("withdraw");
    expect(await outdated()).toMatchObject({ customers: 1 });
    const again = await getPreferencePage(t.db, "cust-rc-1", { gpc: false });
    expect(again.purposes.find((p) => p.key === "loyalty-club")!.reconsent).toBe(false);
  });
});

describe("the preference page's settings", () => {
  it("keeps readable colours and plain origins, and audits each change without the logo's bytes", async () => {
    expect((await getPreferenceCenterSettings(t.db)).embedOrigins).toEqual([]);
    await expect(
      setPreferenceCenterSettings(t.db, system, { accentColor: "#ffeb3b" }),
    ).rejects.toThrow("validation.colorContrast");
    await expect(
      setPreferenceCenterSettings(t.db, system, { embedOrigins: ["http://shop.example.com"] }),
    ).rejects.toThrow("validation.embedOrigin");
    await expect(
      setPreferenceCenterSettings(t.db, system, { embedOrigins: ["https://shop.example.com/p"] }),
    ).rejects.toThrow("validation.embedOrigin");
    // Only a host name: a wildcard would let every site frame the page, and a ";" would add a
    // directive of its own to the page's policy.
    for (const origin of ["https://*", "https://*.example.com", "https://x;sandbox", "https://a b"])
      await expect(
        setPreferenceCenterSettings(t.db, system, { embedOrigins: [origin] }),
        origin,
      ).rejects.toThrow("validation.embedOrigin");
    await expect(
      setPreferenceCenterSettings(t.db, system, { logo: "data:text/html;base64,PGgxPg==" }),
    ).rejects.toThrow("validation.logoFormat");

    const logo = `data:image/png;base64,${Buffer.from("not really a png").toString("base64")}`;
    const saved = await setPreferenceCenterSettings(t.db, system, {
      companyName: "Acme",
      accentColor: "#0b5d1e",
      logo,
      embedOrigins: [
        "https://shop.example.com/",
        "http://localhost:8080",
        "https://bücher.example",
      ],
    });
    expect(saved.embedOrigins).toEqual([
      "https://shop.example.com",
      "http://localhost:8080",
      "https://xn--bcher-kva.example",
    ]);
    expect(await getPreferenceCenterSettings(t.db)).toEqual(saved);
    const [audit] = await t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "preference_center.update"));
    expect(JSON.stringify(audit!.after)).not.toContain(logo);
    expect(audit!.after).toMatchObject({ companyName: "Acme", logo: `${logo.length} characters` });

    // Settings saved when a wildcard origin was still accepted: that origin is left out, and
    // nothing else the admin saved is lost.
    await storeSetting(t.db, "preference_center", {
      ...saved,
      embedOrigins: ["https://shop.example.com", "https://*.example.com", "https://x;sandbox"],
    });
    expect(await getPreferenceCenterSettings(t.db)).toEqual({
      ...saved,
      embedOrigins: ["https://shop.example.com"],
    });
  });
});

describe("the preference page's logo", () => {
  it("kept by a save is the one stored when it runs, not when its form was read", async () => {
    const png = (text: string) => `data:image/png;base64,${Buffer.from(text).toString("base64")}`;
    await setPreferenceCenterSettings(t.db, system, { companyName: "Acme", logo: png("old") });
    // An admin's form was read with the old logo; meanwhile another admin saves a new one.
    await setPreferenceCenterSettings(t.db, system, { companyName: "Acme", logo: png("new") });
    // The first admin saves a new name, keeping "the" logo: the new one stays.
    const saved = await setPreferenceCenterSettings(
      t.db,
      system,
      { companyName: "Acme Shop", logo: null },
      { keepLogo: true },
    );
    expect(saved).toMatchObject({ companyName: "Acme Shop", logo: png("new") });
    expect(await getPreferenceCenterSettings(t.db)).toMatchObject({ logo: png("new") });
    // Without keepLogo, a null logo removes it.
    await setPreferenceCenterSettings(t.db, system, { companyName: "Acme Shop", logo: null });
    expect((await getPreferenceCenterSettings(t.db)).logo).toBeNull();
  });
});

describe("the page in German", () => {
  it("shows German texts, English where there is none, and marks what a German reader read change", async () => {
    await createPurpose(
      t.db,
      system,
      consentPurpose("tips", { customerTitleDe: "Tipps", customerValueDe: "Nützlich" }),
      created,
    );
    const subject = "cust-pc-german";
    const tipsIn = async (locale: "en" | "de") =>
      (await getPreferencePage(t.db, subject, { gpc: false, locale })).purposes.find(
        (p) => p.key === "tips",
      )!;
    const first = await tipsIn("de");
    expect([first.customerTitle, first.customerDescription, first.customerValue]).toEqual([
      "Tipps",
      "What tips does",
      "Nützlich",
    ]);
    expect(first.inEnglish).toEqual(["customerDescription"]);
    expect((await tipsIn("en")).customerTitle).toBe("tips title");
    await saveAsShown(subject, ["tips"]);

    // An English edit the German page does not show: changed for English readers only.
    await updatePurpose(t.db, system, "tips", { version: 1, customerTitle: "Tips for you" });
    expect((await tipsIn("en")).changed).toEqual(["customerTitle"]);
    expect((await tipsIn("de")).changed).toEqual([]);

    // The German description replaces the English one German readers saw.
    await updatePurpose(t.db, system, "tips", { version: 2, customerDescriptionDe: "Was es tut" });
    const german = await tipsIn("de");
    expect([german.customerDescription, german.changed, german.inEnglish]).toEqual([
      "Was es tut",
      ["customerDescription"],
      [],
    ]);
    await expect(
      updatePurpose(t.db, system, "tips", { version: 3, customerTitleDe: "x".repeat(121) }),
    ).rejects.toMatchObject({ issues: [{ path: ["customerTitleDe"] }] });
  });

  it("titles a purpose without a customer title by its name, in German its German name", async () => {
    await createPurpose(
      t.db,
      system,
      consentPurpose("offers", { customerTitle: "", name: "Offers", nameDe: "Angebote" }),
      created,
    );
    const subject = "cust-pc-untitled";
    const offersIn = async (locale: "en" | "de") =>
      (await getPreferencePage(t.db, subject, { gpc: false, locale })).purposes.find(
        (p) => p.key === "offers",
      )!;
    expect((await offersIn("en")).customerTitle).toBe("Offers");
    const german = await offersIn("de");
    expect(german.customerTitle).toBe("Angebote");
    expect(german.inEnglish).not.toContain("customerTitle");
    await saveAsShown(subject, ["offers"]);

    // The name is the title customers read: renaming it is a change they are shown.
    await updatePurpose(t.db, system, "offers", { version: 1, name: "Offers for you" });
    expect((await offersIn("en")).changed).toEqual(["customerTitle"]);
    expect((await offersIn("de")).changed).toEqual([]);
    // Without a German name, a German reader reads the English one, marked as English.
    await updatePurpose(t.db, system, "offers", { version: 2, nameDe: "" });
    const english = await offersIn("de");
    expect([english.customerTitle, english.changed]).toEqual(["Offers for you", ["customerTitle"]]);
    expect(english.inEnglish).toContain("customerTitle");
  });
});
