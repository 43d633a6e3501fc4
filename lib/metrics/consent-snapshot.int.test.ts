/**
 * A figure as of a day is the all-time totals minus the daily rows after that day. Both must be
 * read at one moment: a batch committed between the two reads was counted on one side only, and
 * every figure before its events' days moved by it (rates past 100 %, or below 0, during an
 * import). PostgreSQL only: there the reads run on several connections at once.
 *
 * Profiles a to d in DE; newsletter: a grants on 11-02, b denies on 11-03 (web). The range
 * is 11-01 → 11-14; a batch in which c (then d) grants on 11-20, after the range, commits while
 * the figures are read, so none of them may change.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  recordConsentEvents,
  resolveConsentEvents,
  storeConsentEventsIn,
} from "@/lib/consent/ingest";
import { upsertProfiles } from "@/lib/profiles/ingest";
import { system } from "@/tests/actors";
import { createTestDatabase, testDriver, type TestDatabase } from "@/tests/database";
import { newsletterEvent, seedProfileFixtures } from "@/tests/profile-fixtures";
import { raceBehindHeldRow } from "@/tests/race";
import { getConsentMetrics } from "./consent";

let t: TestDatabase;
const today = "2026-11-30";
const now = new Date(`${today}T12:00:00Z`);
const event = (eventId: string, subjectId: string, action: "grant" | "deny", day: string) =>
  newsletterEvent(eventId, subjectId, action, `2026-11-${day}`);

beforeAll(async () => {
  t = await createTestDatabase();
  await seedProfileFixtures(t.db);
  await upsertProfiles(
    t.db,
    system,
    ["a", "b", "c", "d"].map((subjectId) => ({ subjectId, region: "DE" })),
  );
  await recordConsentEvents(
    t.db,
    system,
    [event("n1", "a", "grant", "02"), event("n2", "b", "deny", "03")],
    {
      now,
    },
  );
});
afterAll(() => t.drop());

describe.runIf(testDriver === "postgres")("consent figures read while a batch commits", () => {
  it.each([
    ["across every region and channel", "c", {}],
    ["filtered by a region", "d", { region: "DE" }],
  ])("are those of one moment, %s", async (_, subject, narrowed) => {
    const filter = { from: "2026-11-01", to: "2026-11-14", interval: "day" as const, ...narrowed };
    const before = await getConsentMetrics(t.db, filter, today);
    expect(before.overall).toMatchObject({ granted: 1, decided: 2 });
    const batch = await resolveConsentEvents(
      t.db,
      [event(`late-${subject}`, subject, "grant", "20")],
      {
        now,
      },
    );
    // The batch holds the all-time totals until the figures' reads wait for them, then commits.
    const [read] = await raceBehindHeldRow(
      t,
      async (tx) => {
        await tx.execute(sql`lock table consent_totals in access exclusive mode`);
        await storeConsentEventsIn(tx, system, batch);
      },
      [() => getConsentMetrics(t.db, filter, today)],
      "commit",
    );
    if (read?.status !== "fulfilled") throw read?.reason;
    // The event is after the range: every figure of the range stays as it was.
    expect(read.value).toEqual(before);
    // And it was stored: the range that holds its day counts it.
    const later = await getConsentMetrics(t.db, { ...filter, to: "2026-11-20" }, today);
    expect(later.overall.granted - before.overall.granted).toBe(1 + (subject === "d" ? 1 : 0));
  });
});
