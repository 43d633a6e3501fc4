/**
 * A retired purpose's decisions are frozen (it takes no events, its customers cannot change
 * them): the figures across purposes leave it out, on both databases.
 *
 * Profiles a, b, c in DE. Newsletter: a grants (11-02, web), b denies (11-03, app). SMS offers:
 * a, b and c grant by e-mail (11-04 to 11-06); the purpose, the only one in sales, is retired on
 * 11-20.
 *
 * Across purposes, range 11-01 → 11-14: newsletter alone, 1 of 2 decided granted; SMS offers,
 * still listed, 3 of 3. Named by the filter, the retired purpose has its own figures.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordConsentEvents } from "@/lib/consent/ingest";
import { createPurpose, retirePurpose } from "@/lib/purposes";
import { upsertProfiles } from "@/lib/profiles/ingest";
import { system } from "@/tests/actors";
import { createTestDatabase, type TestDatabase } from "@/tests/database";
import { seedProfileFixtures } from "@/tests/profile-fixtures";
import { getConsentMetrics } from "./consent";
import { getTrends } from "./trends";

let t: TestDatabase;
const today = "2026-11-30";
const range = { from: "2026-11-01", to: "2026-11-14", interval: "week" as const };

beforeAll(async () => {
  t = await createTestDatabase();
  await seedProfileFixtures(t.db);
  await createPurpose(t.db, system, {
    key: "sms",
    name: "SMS offers",
    functionalArea: "sales",
    legalBasis: "consent",
    customerDescription: "Offers by text message.",
    dataCategories: ["contact"],
    retentionDays: 365,
    status: "active",
  });
  await upsertProfiles(
    t.db,
    system,
    ["a", "b", "c"].map((subjectId) => ({ subjectId, region: "DE" })),
  );
  const event = (
    eventId: string,
    subjectId: string,
    purpose: string,
    action: "grant" | "deny",
    day: string,
    channel: "web" | "app" | "email",
  ) => ({
    eventId,
    subjectId,
    purpose,
    action,
    occurredAt: `2026-11-${day}T10:00:00Z`,
    channel,
    region: "DE",
  });
  await recordConsentEvents(
    t.db,
    system,
    [
      event("n1", "a", "newsletter", "grant", "02", "web"),
      event("n2", "b", "newsletter", "deny", "03", "app"),
      event("s1", "a", "sms", "grant", "04", "email"),
      event("s2", "b", "sms", "grant", "05", "email"),
      event("s3", "c", "sms", "grant", "06", "email"),
    ],
    { now: new Date(`${today}T12:00:00Z`) },
  );
  await retirePurpose(t.db, system, "sms", 1, new Date("2026-11-20T09:00:00Z"));
});
afterAll(() => t.drop());

describe("consent figures with a retired purpose", () => {
  it("leave its frozen decisions out of every figure across purposes", async () => {
    const m = await getConsentMetrics(t.db, range, today);
    expect(m.overall).toMatchObject({ granted: 1, decided: 2, rate: 1 / 2 });
    expect(m.events).toEqual({ grant: 1, deny: 1, withdraw: 0 });
    expect(Object.fromEntries(m.byChannel.map((c) => [c.channel, [c.granted, c.decided]]))).toEqual(
      { web: [1, 1], app: [0, 1] },
    );
    expect(m.byRegion.map((r) => [r.region, r.granted, r.decided])).toEqual([["DE", 1, 2]]);
    // Its own figures are still given, marked retired.
    expect(m.purposes.map((p) => [p.key, p.status, p.inOverall, p.granted, p.decided])).toEqual([
      ["newsletter", "active", true, 1, 2],
      ["sms", "retired", false, 3, 3],
    ]);
  });

  it("give nothing across purposes where every purpose in view is retired", async () => {
    const m = await getConsentMetrics(t.db, { ...range, functionalArea: "sales" }, today);
    expect(m.overall).toMatchObject({ granted: 0, decided: 0, rate: null });
    expect(m.events).toEqual({ grant: 0, deny: 0, withdraw: 0 });
    expect([m.byRegion, m.byChannel]).toEqual([[], []]);
    expect(m.purposes.map((p) => [p.key, p.granted])).toEqual([["sms", 3]]);
  });

  it("count each profile once per purpose still in use for the opt-in rate", async () => {
    const m = await getConsentMetrics(t.db, { ...range, definition: "opt-in-rate" }, today);
    // Three profiles, asked about the newsletter only.
    expect(m.overall).toMatchObject({ numerator: 1, denominator: 3 });
  });

  it("give the retired purpose's own figures when the filter names it", async () => {
    const m = await getConsentMetrics(t.db, { ...range, purpose: "sms" }, today);
    expect(m.purposes.map((p) => [p.key, p.inOverall])).toEqual([["sms", true]]);
    expect(m.overall).toMatchObject({ granted: 3, decided: 3, rate: 1 });
    expect(m.events).toEqual({ grant: 3, deny: 0, withdraw: 0 });
    expect(m.byChannel.map((c) => [c.channel, c.granted, c.decided])).toEqual([["email", 3, 3]]);
  });

  it("leave it out of the overview's consent rate and its trend", async () => {
    const { trends, consent } = await getTrends(t.db, today);
    expect(consent).toMatchObject({ granted: 1, decided: 2 });
    expect(trends.consentRate.months.at(-1)).toEqual({ month: "2026-11", value: 1 / 2 });
  });
});
