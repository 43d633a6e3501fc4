/**
 * The consent rollups are counters that every batch updates in place. An update that finds no
 * room on its row's page writes the new version to another page and adds an entry to each of
 * the table's indexes; one that finds room stays on the page (a "HOT" update), and the versions
 * it leaves behind are pruned from the page by later writes, without a vacuum. Written in
 * batches of 4,800 events (three statements each, as an import's batch of plain rows is stored),
 * the tables must keep their size: a table that grows with every batch costs each later batch
 * more (and, without autovacuum, grows without end).
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf, texts } from "@/lib/sql-rows";
import { feeder } from "@/tests/actors";
import { activePurpose } from "@/tests/purposes";
import { createTestDatabase, testDriver, type TestDatabase } from "@/tests/database";
import { recordConsentEvents } from "./ingest";

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

const DAYS = 400;
/** Customers per day in a batch: 4,800 events, each batch updating every rollup row once. */
const PER_DAY = 12;

/** The heap pages of each rollup table. */
async function pages() {
  const [row] = rowsOf<Record<string, number | string>>(
    await t.db.execute(sql`
      select pg_relation_size('consent_rollups') / 8192 as rollups,
             pg_relation_size('consent_daily') / 8192 as daily,
             pg_relation_size('consent_totals') / 8192 as totals`),
  );
  return Object.fromEntries(Object.entries(row!).map(([k, v]) => [k, Number(v)]));
}

/** Every table of counters that writes update in place (migration 0038 gives them room). */
const COUNTER_TABLES = [
  "consent_rollups",
  "consent_daily",
  "consent_totals",
  "profile_reach",
  "person_reach",
  "profile_summary",
  "profile_daily",
  "profile_fill",
  "profile_source_sets",
  "person_summary",
  "person_fill",
  "person_sizes",
  "identity_match",
];

describe(`consent rollup pages on ${testDriver}`, () => {
  it("leave room on every page of each counter table", async () => {
    const rows = rowsOf<{ name: string; options: string[] | null }>(
      await t.db.execute(sql`
        select relname as name, reloptions as options from pg_class
        where relname in ${texts(COUNTER_TABLES)}
          and relnamespace = current_schema()::regnamespace
        order by relname`),
    );
    expect(rows.map((r) => [r.name, r.options])).toEqual(
      [...COUNTER_TABLES].sort().map((name) => [name, ["fillfactor=25"]]),
    );
  });

  it(
    "keep their size while batch after batch updates the same rows",
    { timeout: 120_000 },
    async () => {
      const purpose = await activePurpose(t.db, "rollup-pages");
      const start = Date.parse("2025-01-01T00:00:00Z");
      // Each batch: new customers deciding on every one of DAYS days, in one region and channel,
      // so every batch updates the same DAYS rows of consent_rollups and consent_daily.
      const batch = (round: number) =>
        Array.from({ length: DAYS * PER_DAY }, (_, i) => ({
          eventId: `pages-${round}-${i}`,
          subjectId: `pages-${round}-${i}`,
          purpose: purpose.key,
          action: i % 3 ? "grant" : "deny",
          occurredAt: new Date(start + (i % DAYS) * 86_400_000).toISOString(),
          channel: "web",
          region: "DE",
        }));
      const now = new Date("2026-11-30T00:00:00Z");
      await recordConsentEvents(t.db, feeder, batch(0), { now });
      await recordConsentEvents(t.db, feeder, batch(1), { now });
      const after = await pages();
      for (let round = 2; round < 10; round++)
        await recordConsentEvents(t.db, feeder, batch(round), { now });
      expect(await pages()).toEqual(after);
      const [rows] = rowsOf<{ n: number | string }>(
        await t.db.execute(sql`select count(*) as n from consent_rollups`),
      );
      expect(Number(rows!.n)).toBe(DAYS);
    },
  );
});
