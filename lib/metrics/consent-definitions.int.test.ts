/**
 * The three definitions of GET /api/v1/metrics/consent (docs/metrics.md) against a scenario
 * worked out by hand, on both databases.
 *
 * Profiles: a, b, c, d, g in DE; e in US-CA (six). Subject f has consent but no profile.
 * Newsletter events: a grants on 10-20 (before the range, web); in the range 2026-11-01 → 11-14:
 * b grants (11-02, web), c denies (11-03, email), b denies (11-05, web), a grants again (11-10,
 * app), e grants (11-11, web, US-CA), f denies (11-12, web, US-CA), c withdraws (11-13, email);
 * after it d grants (11-20). Offers: a grants on 11-03 (web).
 *
 * As of 11-14, newsletter: a and e grant, b and f deny, c withdrew: decided 5, granted 2.
 * consent-rate 2 ÷ 5; opt-in-rate 2 ÷ 6 profiles (more than the 5 who decided); acceptance-rate: in the range 3 grants
 * (b, a, e) and 3 refusals (c, b, f): 3 ÷ 6 (the withdrawal is neither).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordConsentEvents } from "@/lib/consent/ingest";
import { createPurpose } from "@/lib/purposes";
import { upsertProfiles } from "@/lib/profiles/ingest";
import { system } from "@/tests/actors";
import { createTestDatabase, type TestDatabase } from "@/tests/database";
import { seedProfileFixtures } from "@/tests/profile-fixtures";
import { getConsentMetrics } from "./consent";

let t: TestDatabase;
const draft = {
  key: "offers",
  name: "Offers",
  functionalArea: "marketing" as const,
  legalBasis: "consent" as const,
  customerDescription: "Offers by email.",
  dataCategories: ["contact" as const],
  retentionDays: 365,
  status: "draft" as const,
};
const today = "2026-11-30";
const range = { from: "2026-11-01", to: "2026-11-14", interval: "week" as const };

beforeAll(async () => {
  t = await createTestDatabase();
  await seedProfileFixtures(t.db);
  await createPurpose(t.db, system, { ...draft, status: "active" });
  await upsertProfiles(
    t.db,
    system,
    ["a", "b", "c", "d", "g", "e"].map((subjectId) => ({
      subjectId,
      region: subjectId === "e" ? "US-CA" : "DE",
    })),
  );
  let n = 0;
  const event = (
    subjectId: string,
    action: "grant" | "deny" | "withdraw",
    day: string,
    channel: "web" | "app" | "email",
    purpose = "newsletter",
  ) => ({
    eventId: `e-${++n}`,
    subjectId,
    purpose,
    action,
    occurredAt: `2026-${day}T10:00:00Z`,
    channel,
    region: subjectId === "e" || subjectId === "f" ? "US-CA" : "DE",
  });
  await recordConsentEvents(
    t.db,
    system,
    [
      event("a", "grant", "10-20", "web"),
      event("b", "grant", "11-02", "web"),
      event("c", "deny", "11-03", "email"),
      event("b", "deny", "11-05", "web"),
      event("a", "grant", "11-10", "app"),
      event("e", "grant", "11-11", "web"),
      event("f", "deny", "11-12", "web"),
      event("c", "withdraw", "11-13", "email"),
      event("d", "grant", "11-20", "web"),
      event("a", "grant", "11-03", "web", "offers"),
    ],
    { now: new Date(`${today}T12:00:00Z`) },
  );
});
afterAll(() => t.drop());

const metrics = (definition?: "consent-rate" | "opt-in-rate" | "acceptance-rate", more = {}) =>
  getConsentMetrics(t.db, { ...range, definition, ...more }, today);
const rates = (rows: { rate: number | null }[]) => rows.map((r) => r.rate);

describe("consent metric definitions", () => {
  it("consent-rate (the default): granted ÷ decided as of each period's end", async () => {
    const m = await metrics(undefined, { purpose: "newsletter" });
    expect(m.definition).toBe("consent-rate");
    const newsletter = m.purposes[0]!;
    expect(newsletter).toMatchObject({ rate: 2 / 5, numerator: 2, denominator: 5 });
    // The 14 days before the range: as of 10-31 only a had decided, and granted.
    expect(m.previous).toMatchObject({ from: "2026-10-18", to: "2026-10-31" });
    expect(m.previous.overall).toMatchObject({ rate: 1, numerator: 1, denominator: 1 });
    // Weeks end 11-01 (a Sunday), 11-08, 11-14: a alone; a, b denied, c denied; as above.
    expect(newsletter.series.map((p) => p.date)).toEqual([
      "2026-11-01",
      "2026-11-08",
      "2026-11-14",
    ]);
    expect(rates(newsletter.series)).toEqual([1, 1 / 3, 2 / 5]);
    expect(m.byRegion.map((r) => [r.region, r.rate])).toEqual([
      ["DE", 1 / 3],
      ["US-CA", 1 / 2],
    ]);
    expect(Object.fromEntries(m.byChannel.map((c) => [c.channel, c.rate]))).toEqual({
      web: 1 / 3,
      app: 1,
      email: 0,
    });
    const all = await metrics("consent-rate");
    expect(all.overall).toEqual({
      rate: 3 / 6,
      granted: 3,
      decided: 6,
      numerator: 3,
      denominator: 6,
    });
  });

  it("opt-in-rate: granted ÷ every customer in scope, asked or not, never above 100%", async () => {
    const m = await metrics("opt-in-rate", { purpose: "newsletter" });
    const newsletter = m.purposes[0]!;
    expect(newsletter).toMatchObject({ rate: 2 / 6, numerator: 2, denominator: 6 });
    expect(m.previous.overall).toMatchObject({ rate: 1 / 6, numerator: 1, denominator: 6 });
    expect(newsletter).toMatchObject({ granted: 2, decided: 5 }); // the state is still given
    expect(rates(newsletter.series)).toEqual([1 / 6, 1 / 6, 2 / 6]);
    // US-CA has one profile (e) but two customers decided (e, and f without a profile): the
    // rate is of the two, never above 100%.
    expect(m.byRegion.map((r) => [r.region, r.numerator, r.denominator])).toEqual([
      ["DE", 1, 5],
      ["US-CA", 1, 2],
    ]);
    expect(Object.fromEntries(m.byChannel.map((c) => [c.channel, c.rate]))).toEqual({
      web: 1 / 6,
      app: 1 / 6,
      email: 0,
    });
    const de = await metrics("opt-in-rate", { purpose: "newsletter", region: "DE" });
    expect(de.purposes[0]).toMatchObject({ rate: 1 / 5, numerator: 1, denominator: 5 });
    // Across purposes, each purpose's terms added up: every profile counts once per purpose,
    // (2 + 1) ÷ (6 + 6); by region too (DE: a grants both, of 5 profiles for each; US-CA: e
    // grants the newsletter, which two decided there, e and f, and nobody there was asked about
    // the offers but e's profile: 1 ÷ (2 + 1)). A purpose decided by more customers than there
    // are profiles never fills another purpose's customers who were not asked.
    const both = await metrics("opt-in-rate");
    expect(both.overall).toMatchObject({ rate: 3 / 12, numerator: 3, denominator: 12 });
    // Both purposes are asked about (consent-based and active), so the overall adds up both rows
    // (a purpose nobody is asked about, such as a draft without decisions, would be left out).
    const counted = both.purposes.filter((p) => p.inOverall);
    expect(counted.map((p) => [p.key, p.status])).toEqual([
      ["newsletter", "active"],
      ["offers", "active"],
    ]);
    expect(both.overall.numerator).toBe(counted.reduce((n, p) => n + p.numerator, 0));
    expect(both.overall.denominator).toBe(counted.reduce((n, p) => n + p.denominator, 0));
    expect(both.byRegion.map((r) => [r.region, r.numerator, r.denominator])).toEqual([
      ["DE", 2, 10],
      ["US-CA", 1, 3],
    ]);
    const california = await metrics("opt-in-rate", { region: "US-CA" });
    expect(california.purposes.map((p) => [p.key, p.numerator, p.denominator])).toEqual([
      ["newsletter", 1, 2],
      ["offers", 0, 1],
    ]);
    expect(california.overall).toMatchObject({ numerator: 1, denominator: 3 });
    expect(california.previous.overall).toMatchObject({ numerator: 0, denominator: 2 });
    expect(Object.fromEntries(both.byChannel.map((c) => [c.channel, c.denominator]))).toEqual({
      web: 12,
      app: 12,
      email: 12,
    });
    // A draft purpose nobody was asked about does not count.
    await createPurpose(t.db, system, { ...draft, key: "draft-purpose" });
    expect((await metrics("opt-in-rate")).overall.denominator).toBe(12);
  });

  it("acceptance-rate: grants ÷ (grants + refusals) among the events of the range", async () => {
    const m = await metrics("acceptance-rate", { purpose: "newsletter" });
    const newsletter = m.purposes[0]!;
    expect(newsletter).toMatchObject({ rate: 3 / 6, numerator: 3, denominator: 6 });
    // The 14 days before: a's grant on 10-20 is the only answer.
    expect(m.previous.overall).toMatchObject({ rate: 1, numerator: 1, denominator: 1 });
    // 11-01: no event; 11-02 → 11-08: b's grant, c's and b's refusals; 11-09 → 11-14: a, e, f.
    expect(rates(newsletter.series)).toEqual([null, 1 / 3, 2 / 3]);
    expect(m.byRegion.map((r) => [r.region, r.numerator, r.denominator])).toEqual([
      ["DE", 2, 4],
      ["US-CA", 1, 2],
    ]);
    expect(Object.fromEntries(m.byChannel.map((c) => [c.channel, c.rate]))).toEqual({
      web: 2 / 4,
      app: 1,
      email: 0,
    });
    expect((await metrics("acceptance-rate")).overall).toMatchObject({
      rate: 4 / 7,
      numerator: 4,
      denominator: 7,
    });
  });
});
