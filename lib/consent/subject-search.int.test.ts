/** Finding a customer by what they give, on normalized identifiers (PGlite and PostgreSQL). */
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, profileIdentifiers, settings } from "@/db/schema";
import { normalizeStoredIdentifiers } from "@/lib/identity/backfill";
import { upsertProfiles } from "@/lib/profiles/ingest";
import { createPurpose } from "@/lib/purposes";
import { ada, feeder, testUser } from "@/tests/actors";
import { createTestDatabase, type TestDatabase } from "@/tests/database";
import { recordConsentEvents } from "./ingest";
import { auditedSubjectSearch, searchSubjects } from "./subject-search";

let t: TestDatabase;
const privacy = testUser(7, "priya@example.com", "privacy");

const profile = (subjectId: string, region: string, identifiers: Record<string, string>) => ({
  subjectId,
  region,
  identifiers,
  attributes: [],
});

beforeAll(async () => {
  t = await createTestDatabase();
  await upsertProfiles(t.db, feeder, [
    profile("s-berlin", "DE", { email: " Ada@Example.com", phone: "030 1234567" }),
    profile("s-travel", "US-CA", { phone: "+49 (30) 123 4567", loyalty_id: "LOY-1" }),
    profile("s-paris", "FR", { email: "ada@example.com" }),
    profile("s-short", "DE", { phone: "12", device_id: "dev-9" }),
    profile("s-ny", "US-NY", { phone: "(202) 555-0123" }),
  ]);
  await createPurpose(t.db, ada, {
    key: "news",
    name: "Newsletter",
    functionalArea: "marketing",
    legalBasis: "contract",
    retentionDays: 30,
    status: "active",
  });
  await recordConsentEvents(t.db, feeder, [
    {
      eventId: "only-events-1",
      subjectId: "s-events-only",
      purpose: "news",
      action: "grant",
      occurredAt: "2026-06-01T10:00:00Z",
      channel: "web",
      region: "AT",
    },
  ]);
});
afterAll(() => t?.drop());

const found = async (query: string) =>
  (await searchSubjects(t.db, query)).matches.map((m) => [
    m.subjectId,
    m.bySubjectId ? "subject id" : m.matchedOn.map((i) => `${i.type}=${i.value}`).join(" "),
  ]);

describe("finding a customer", () => {
  it("matches e-mail addresses whatever their capitals and spaces", async () => {
    expect(await found("ADA@example.COM ")).toEqual([
      ["s-berlin", "email=Ada@Example.com"],
      ["s-paris", "email=ada@example.com"],
    ]);
  });

  it("matches phone numbers in any notation, national ones in the customers' regions", async () => {
    const both = [
      ["s-berlin", "phone=030 1234567"],
      ["s-travel", "phone=+49 (30) 123 4567"],
    ];
    expect(await found("+49 30 1234567")).toEqual(both);
    expect(await found("0049301234567")).toEqual(both);
    expect(await found("030/123 45 67")).toEqual(both); // read in DE, where customers live
    expect(await found("202-555-0123")).toEqual([["s-ny", "phone=(202) 555-0123"]]);
  });

  it("matches other identifiers as given, and the subject id itself", async () => {
    expect(await found("LOY-1")).toEqual([["s-travel", "loyalty_id=LOY-1"]]);
    expect(await found("loy-1")).toEqual([]);
    expect(await found("s-paris")).toEqual([["s-paris", "subject id"]]);
    const events = await searchSubjects(t.db, "s-events-only");
    expect(events.matches).toEqual([
      {
        subjectId: "s-events-only",
        region: "AT",
        profile: false,
        bySubjectId: true,
        matchedOn: [],
      },
    ]);
  });

  it("never matches an invalid phone number, which is kept as given", async () => {
    expect(await found("12")).toEqual([]);
    const [kept] = await t.db
      .select()
      .from(profileIdentifiers)
      .where(
        and(eq(profileIdentifiers.subjectId, "s-short"), eq(profileIdentifiers.type, "phone")),
      );
    expect(kept).toMatchObject({ value: "12", normalized: null });
  });

  it("reads a national number again when the customer moves", async () => {
    await upsertProfiles(t.db, feeder, [profile("s-mover", "US-CA", { phone: "0151 23456789" })]);
    expect(await found("+49 151 23456789")).toEqual([]);
    await upsertProfiles(t.db, feeder, [profile("s-mover", "DE", { phone: "0151 23456789" })]);
    expect(await found("+49 151 23456789")).toEqual([["s-mover", "phone=0151 23456789"]]);
  });

  it("audits a search with the subjects it found, not what was typed", async () => {
    const result = await auditedSubjectSearch(t.db, privacy, "ada@example.com");
    expect(result.matches).toHaveLength(2);
    const [entry] = await t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "subject.search"));
    expect(entry).toMatchObject({ actorLabel: "priya@example.com", entityType: "subject" });
    expect(entry!.detail).toEqual({
      readAs: ["email", "identifier", "subject_id"],
      found: ["s-berlin", "s-paris"],
      more: false,
    });
    expect(JSON.stringify(entry)).not.toContain("ada@example.com");
  });
});

describe("identifiers stored before normalization", () => {
  it("are normalized once at start-up, and found afterwards", async () => {
    await t.db.execute(sql`update profile_identifiers set normalized = null`);
    await t.db.delete(settings).where(eq(settings.key, "identifiers.normalizationVersion"));
    expect(await found("ada@example.com")).toEqual([]);
    expect(await normalizeStoredIdentifiers(t.db)).toBeGreaterThanOrEqual(8);
    expect(await found("ada@example.com")).toHaveLength(2);
    expect(await found("+49 30 1234567")).toHaveLength(2);
    // Done once: a later start reads nothing.
    await t.db.execute(sql`update profile_identifiers set normalized = null`);
    expect(await normalizeStoredIdentifiers(t.db)).toBe(0);
    // Rows loaded around the API (COPY) without their values: identity:rebuild fills them in,
    // whatever the setting says.
    expect(await normalizeStoredIdentifiers(t.db, { missing: true })).toBeGreaterThanOrEqual(8);
    expect(await found("ada@example.com")).toHaveLength(2);
    expect(await normalizeStoredIdentifiers(t.db, { missing: true })).toBe(0);
  });
});
