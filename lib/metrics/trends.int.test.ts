/**
 * The overview's trends against a history worked out by hand, on both databases: profiles
 * written on two days (profile_daily), consent decided on two days, and a source mix that holds.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordConsentEvents } from "@/lib/consent/ingest";
import { upsertProfiles } from "@/lib/profiles/ingest";
import { rebuildProfileRollups } from "@/lib/profiles/rollups";
import { system } from "@/tests/actors";
import { createTestDatabase, type TestDatabase } from "@/tests/database";
import { newsletterEvent, seedProfileFixtures } from "@/tests/profile-fixtures";
import { getTrends, monthEnds } from "./trends";

let t: TestDatabase;
const today = "2026-11-30";
const attr = (group: string, name: string) => ({ group, name, value: "x", source: "crm" });

beforeAll(async () => {
  t = await createTestDatabase();
  await seedProfileFixtures(t.db);
  // 2026-10-01: A has a first and last name (2 of 12.5), B an e-mail (2), C nothing.
  await upsertProfiles(
    t.db,
    system,
    [
      {
        subjectId: "a",
        region: "DE",
        attributes: [attr("identity", "first_name"), attr("identity", "last_name")],
      },
      { subjectId: "b", region: "DE", attributes: [attr("contact", "email")] },
      { subjectId: "c", region: "DE" },
    ],
    { now: new Date("2026-10-01T09:00:00Z") },
  );
  // 2026-11-20: C gains an e-mail and a birth year (3 of 12.5).
  await upsertProfiles(
    t.db,
    system,
    [
      {
        subjectId: "c",
        region: "DE",
        attributes: [attr("contact", "email"), attr("demographics", "birth_year")],
      },
    ],
    { now: new Date("2026-11-20T09:00:00Z") },
  );
  await recordConsentEvents(
    t.db,
    system,
    [
      newsletterEvent("e1", "a", "grant", "2026-10-15"),
      newsletterEvent("e2", "b", "deny", "2026-11-10"),
    ],
    { now: new Date(`${today}T12:00:00Z`) },
  );
});
afterAll(() => t.drop());

describe("the overview's trends", () => {
  it("reads the profile figures as of each day from their history, and nothing before it", async () => {
    const { trends } = await getTrends(t.db, today);
    const october = (2 + 2 + 0) / 12.5 / 3;
    const november = (2 + 2 + 3) / 12.5 / 3;
    // 30 days before 11-30 is 10-31: the October figure.
    expect(trends.completeness.change).toBeCloseTo(november - october, 12);
    expect(trends.completeness.months.map((m) => m.month)).toEqual(
      monthEnds(today).map((d) => d.slice(0, 7)),
    );
    const values = trends.completeness.months.map((m) => m.value);
    expect(values.slice(0, 10)).toEqual(Array(10).fill(null)); // 2025-12 … 2026-09: no history
    expect(values[10]).toBeCloseTo(october, 12);
    expect(values[11]).toBeCloseTo(november, 12);
    expect(trends.share360.change).toBe(0);
    // A rebuild keeps the history and its sum.
    await rebuildProfileRollups(t.db);
    expect((await getTrends(t.db, today)).trends.completeness).toEqual(trends.completeness);
  });

  it("reads consent as of each month's end and 30 days before", async () => {
    const { trends, consent } = await getTrends(t.db, today);
    expect(consent).toMatchObject({ rate: 1 / 2, granted: 1, decided: 2 });
    // As of 10-31 only a had decided (a grant): 1 → 1/2.
    expect(trends.consentRate.change).toBe(1 / 2 - 1);
    expect(trends.consentRate.months.map((m) => m.value)).toEqual([
      ...Array(10).fill(null),
      1,
      1 / 2,
    ]);
  });

  it("reads the source mix of each month: one first- and one third-party source, half each", async () => {
    const { trends } = await getTrends(t.db, today);
    expect(trends.firstPartyShare).toMatchObject({ since: "2026-10", change: 0 });
    expect(trends.completeness.since).toBe("2026-10-31");
    expect(trends.firstPartyShare.months.map((m) => m.value)).toEqual(Array(12).fill(0.5));
  });
});
