/**
 * The job sweeper's statistics pass (lib/statistics.ts) on a real database: a table that grew to
 * twice what was last analyzed is analyzed, once, and again after it doubles again.
 */
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "@/lib/sql-rows";
import { createTestDatabase, testDriver, type TestDatabase } from "@/tests/database";
import { analyzeGrownTables, autovacuumWarning } from "./statistics";

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

/** Adds `n` profiles after those there, as a bulk write would. */
async function addProfiles(from: number, n: number) {
  await t.db.execute(sql`
    insert into profiles (subject_id, region, completeness, groups_present, is360, identifier_types, derived, model_version, person_id)
    select 'stat-' || g, 'DE', 0.5, '{contact}', false, 1, '{"all":{"c":0.5}}'::jsonb, 1, 'stat-' || g
    from generate_series(${from}::int, ${from + n - 1}::int) as g`);
}

/** What the planner believes of profiles: its rows (−1: never analyzed) and pages. */
async function plannerSees() {
  const [row] = rowsOf<{ tuples: number; pages: number }>(
    await t.db.execute(sql`
      select reltuples::float8 as tuples, relpages as pages from pg_class where relname = 'profiles'
        and relnamespace = current_schema()::regnamespace`),
  );
  return { tuples: Number(row!.tuples), pages: Number(row!.pages) };
}

describe(`table statistics on ${testDriver}`, () => {
  it("analyzes a table grown to twice what was analyzed, and leaves it until it doubles again", async () => {
    // Whatever a fresh database holds is settled first; then nothing is left to do.
    await analyzeGrownTables(t.db);
    expect(await analyzeGrownTables(t.db)).toEqual([]);

    await addProfiles(0, 3_000);
    expect((await plannerSees()).tuples).toBeLessThan(3_000);
    expect(await analyzeGrownTables(t.db)).toEqual(["profiles"]);
    const analyzed = await plannerSees();
    expect(analyzed.tuples).toBe(3_000);
    expect(analyzed.pages).toBeGreaterThan(0);
    expect(await analyzeGrownTables(t.db)).toEqual([]);

    // Half as much again is not yet twice: left to autovacuum, where there is one.
    await addProfiles(3_000, 1_500);
    expect(await analyzeGrownTables(t.db)).toEqual([]);
    expect((await plannerSees()).tuples).toBe(3_000);

    await addProfiles(4_500, 1_500);
    expect(await analyzeGrownTables(t.db)).toEqual(["profiles"]);
    expect((await plannerSees()).tuples).toBe(6_000);
  });

  it.runIf(testDriver === "postgres")(
    "leaves out tables the app's role may not analyze, rather than trying at every sweep",
    async () => {
      await addProfiles(6_000, 6_000); // twice the size again
      const role = `firstparty_stat_${randomBytes(4).toString("hex")}`;
      await t.db.execute(sql.raw(`create role ${role}`));
      try {
        // A role that owns neither the tables nor the database (an app run as another role
        // than the one its migrations ran as).
        const seen = await t.db.transaction(async (tx) => {
          await tx.execute(sql.raw(`set local role ${role}`));
          return analyzeGrownTables(tx);
        });
        expect(seen).toEqual([]);
        expect((await plannerSees()).tuples).toBe(6_000);
        // The owner's role analyzes it.
        expect(await analyzeGrownTables(t.db)).toEqual(["profiles"]);
        expect((await plannerSees()).tuples).toBe(12_000);
      } finally {
        await t.db.execute(sql.raw(`drop role ${role}`));
      }
    },
  );
});

describe.runIf(testDriver === "postgres")("autovacuum at start-up on PostgreSQL", () => {
  it("warns exactly when the server runs without autovacuum, naming what is off", async () => {
    const [settings] = rowsOf<{ autovacuum: string; track_counts: string }>(
      await t.db.execute(sql`
        select setting as autovacuum, (select setting from pg_settings where name = 'track_counts') as track_counts
        from pg_settings where name = 'autovacuum'`),
    );
    const off = (["autovacuum", "track_counts"] as const).filter((n) => settings![n] === "off");
    const warning = await autovacuumWarning(t.db);
    if (off.length === 0) expect(warning).toBeNull();
    else expect(warning).toContain(`PostgreSQL runs with ${off.join(" and ")} off`);
  });

  it("warns when a session turns autovacuum's statistics off, and not once it is back on", async () => {
    // track_counts can be set per session by a superuser (the tests' role); autovacuum cannot.
    await t.db.transaction(async (tx) => {
      await tx.execute(sql`set local track_counts = off`);
      expect(await autovacuumWarning(tx)).toMatch(/track_counts off/);
      await tx.execute(sql`set local track_counts = on`);
      const autovacuum = rowsOf<{ on: boolean }>(
        await tx.execute(sql`select current_setting('autovacuum') = 'on' as on`),
      )[0]!.on;
      expect(await autovacuumWarning(tx)).toEqual(
        autovacuum ? null : expect.stringMatching(/runs with autovacuum off/),
      );
    });
  });
});
