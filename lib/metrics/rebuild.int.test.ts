import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, purposes } from "@/db/schema";
import { recordConsentEvents } from "@/lib/consent/ingest";
import { figuresVersionOf } from "@/lib/figures-cache";
import { upsertProfiles } from "@/lib/profiles/ingest";
import { system } from "@/tests/actors";
import { createTestDatabase, type TestDatabase } from "@/tests/database";
import { newsletterEvent, seedProfileFixtures } from "@/tests/profile-fixtures";
import { getConsentMetrics } from "./consent";
import { getProfileMetrics } from "./profiles";
import { rebuildFigures } from "./rebuild";

let t: TestDatabase;
const today = new Date().toISOString().slice(0, 10);

const profile = (subjectId: string, region: string) => ({
  subjectId,
  region,
  identifiers: { email: `${subjectId}@example.com`, loyalty_id: `L-${subjectId}` },
  attributes: [
    { group: "identity", name: "first_name", value: "Ada", source: "crm" },
    { group: "demographics", name: "birth_year", value: "1985", source: "broker" },
  ],
});

/** What the consent and profile dashboards show. */
const figures = async () => ({
  consent: await getConsentMetrics(t.db, {}, today),
  profiles: await getProfileMetrics(t.db, {}),
  persons: await getProfileMetrics(t.db, { unit: "person" }),
});

const summaryTables = [
  "consent_rollups",
  "consent_totals",
  "consent_daily",
  "profile_reach",
  "person_reach",
  "profile_summary",
  "profile_fill",
  "profile_source_sets",
];

beforeAll(async () => {
  t = await createTestDatabase();
  await seedProfileFixtures(t.db);
  await upsertProfiles(t.db, system, [profile("r1", "DE"), profile("r2", "FR")]);
  await recordConsentEvents(t.db, system, [
    newsletterEvent("rb-1", "r1", "grant", "2026-10-01"),
    newsletterEvent("rb-2", "r2", "grant", "2026-10-02"),
    newsletterEvent("rb-3", "r2", "withdraw", "2026-10-20"),
    newsletterEvent("rb-4", "r3", "deny", "2026-10-21"),
  ]);
});
afterAll(() => t.drop());

describe("rebuildFigures", () => {
  it("gives back what ingestion kept when the summary tables are lost (a restore of the rows alone)", async () => {
    const kept = await figures();
    expect(kept.consent.overall.decided).toBe(3);
    for (const table of summaryTables) await t.db.execute(sql.raw(`delete from ${table}`));
    expect((await figures()).consent.overall.decided).toBe(0);

    const versionBefore = await figuresVersionOf(t.db);
    const rebuilt = await rebuildFigures(t.db, { type: "system", label: "figures:rebuild" });
    expect(rebuilt).toEqual({ consentEvents: 4, profiles: 2 });
    expect(await figures()).toEqual(kept);
    // Every instance reads its figures again, and the log says who recomputed them.
    expect(await figuresVersionOf(t.db)).toBeGreaterThan(versionBefore);
    const [audited] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "figures.rebuild")));
    expect(audited).toMatchObject({
      actorType: "system",
      actorLabel: "figures:rebuild",
      entityType: "consent_events",
      detail: { consentEvents: 4, profiles: 2 },
    });
  });

  it("counts events loaded around the API (COPY) once it has run", async () => {
    const [newsletter] = await t.db
      .select({ id: purposes.id })
      .from(purposes)
      .where(eq(purposes.key, "newsletter"));
    // As a COPY writes them: into the log alone, no summary row touched.
    await t.db.execute(sql`
      insert into consent_events (event_id, subject_id, purpose_id, purpose_version, action, occurred_at, channel, region)
      values ('copied-1', 'r1', ${newsletter!.id}, 1, 'withdraw', '2026-11-02T10:00:00Z', 'web', 'DE'),
             ('copied-2', 'r4', ${newsletter!.id}, 1, 'grant', '2026-11-03T10:00:00Z', 'email', 'AT')`);
    const before = (await figures()).consent.overall;
    expect(before).toMatchObject({ decided: 3, granted: 1 });

    await rebuildFigures(t.db, { type: "system", label: "figures:rebuild" });
    // r1 withdrew (no longer granted), r4 granted (one more decided): still one granted, four decided.
    const after = await figures();
    expect(after.consent.overall).toMatchObject({ decided: 4, granted: 1 });
    // r1's withdrawal takes it out of the consentable reach, as ingesting it would have.
    const reach = after.profiles.reach.find((r) => r.purpose === "newsletter");
    expect(reach?.profiles ?? 0).toBe(0);
  });
});
