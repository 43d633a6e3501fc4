/**
 * The phase-out simulator against the real thing: on the demo data, the "after" figures must be
 * exactly what the dashboard shows once the retired sources' attributes are deleted through the
 * ingestion path (which rescores each profile), and its counts what the rows say.
 */
import { readFileSync } from "node:fs";
import { asc, sql } from "drizzle-orm";
import { profileSourceSets, sourceSetEntries } from "@/db/schema";
import { entryKey, parseSignature } from "@/lib/profiles/source-sets";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "@/lib/demo";
import { HttpError } from "@/lib/errors";
import { isoDay, now } from "@/lib/clock";
import { getProfileMetrics } from "@/lib/metrics/profiles";
import { upsertProfiles } from "@/lib/profiles/ingest";
import { rebuildProfileRollups } from "@/lib/profiles/rollups";
import { listSources } from "@/lib/sources";
import { rowsOf } from "@/lib/sql-rows";
import { system } from "@/tests/actors";
import { createTestDatabase, type TestDatabase } from "@/tests/database";
import { getPhaseOut, type PhaseOut } from "./phase-out";

let t: TestDatabase;
const today = isoDay(now());

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db, { subjects: 400 });
}, 120_000);
afterAll(() => t.drop());

type Row = { subject_id: string; region: string; group: string; name: string; key: string };

/** The attributes the sources supplied, read from the rows (not from any aggregate). */
async function suppliedBy(keys: string[]): Promise<Row[]> {
  return rowsOf<Row>(
    await t.db.execute(sql`
    select a.subject_id, p.region, a."group", a.name, s.key
    from profile_attributes a
    join profiles p on p.subject_id = a.subject_id
    join data_sources s on s.id = a.source_id
    where s.key in (${sql.join(
      keys.map((k) => sql`${k}`),
      sql`, `,
    )})
    order by a.subject_id`),
  );
}

/** Deletes those attributes the way a client would: null values through POST /profiles. */
async function deleteAttributes(rows: Row[]) {
  const bySubject = new Map<string, { region: string; attributes: Row[] }>();
  for (const r of rows) {
    const entry = bySubject.get(r.subject_id) ?? { region: r.region, attributes: [] };
    entry.attributes.push(r);
    bySubject.set(r.subject_id, entry);
  }
  const batch = [...bySubject].map(([subjectId, p]) => ({
    subjectId,
    region: p.region,
    attributes: p.attributes.map((a) => ({ group: a.group, name: a.name, value: null })),
  }));
  for (let i = 0; i < batch.length; i += 1000)
    await upsertProfiles(t.db, system, batch.slice(i, i + 1000));
}

function figuresOf(m: Awaited<ReturnType<typeof getProfileMetrics>>) {
  return {
    profiles: m.profiles,
    avgCompleteness: m.avgCompleteness,
    share360: m.share360,
    identityCoverage: m.identityCoverage,
    reach: m.reach.map((r) => ({ purpose: r.purpose, name: r.name, profiles: r.profiles })),
  };
}

/** Simulates, checks the counts against the rows, deletes, and compares with the dashboard. */
async function simulateThenDelete(retire: string[] | undefined): Promise<PhaseOut> {
  const result = await getPhaseOut(t.db, retire, today);
  expect(result.before).toEqual(figuresOf(await getProfileMetrics(t.db, {})));

  const rows = await suppliedBy(result.retire);
  expect(rows.length).toBeGreaterThan(0);
  expect(result.profilesAffected).toBe(new Set(rows.map((r) => r.subject_id)).size);
  const lost = new Map<string, number>();
  for (const r of rows)
    lost.set(`${r.group}.${r.name}`, (lost.get(`${r.group}.${r.name}`) ?? 0) + 1);
  // As the contract names them: the group, and the attribute's name within it.
  expect(
    new Map(result.attributesLost.map((a) => [`${a.group}.${a.attribute}`, a.profiles])),
  ).toEqual(lost);
  for (const s of result.sources)
    expect(s.profiles).toBe(
      new Set(rows.filter((r) => r.key === s.key).map((r) => r.subject_id)).size,
    );

  // Replacement candidates: zero- and first-party sources supplying the attribute elsewhere.
  const supply = rowsOf<{ attribute: string; key: string; profiles: number }>(
    await t.db.execute(sql`
    select a."group" || '.' || a.name as attribute, s.key, count(*)::int as profiles
    from profile_attributes a join data_sources s on s.id = a.source_id
    where s.party in ('zero', 'first') and s.active_from <= ${today}
      and (s.retired_at is null or s.retired_at > ${today})
    group by 1, 2`),
  );
  for (const a of result.attributesLost) {
    const expected = supply
      .filter((s) => s.attribute === `${a.group}.${a.attribute}` && !result.retire.includes(s.key))
      .map((s) => ({ key: s.key, profiles: s.profiles }))
      .sort((x, y) => y.profiles - x.profiles || x.key.localeCompare(y.key));
    expect(a.replacements.map((r) => ({ key: r.key, profiles: r.profiles }))).toEqual(expected);
  }

  await deleteAttributes(rows);
  expect(result.after).toEqual(figuresOf(await getProfileMetrics(t.db, {})));
  // Nothing of theirs is left to lose.
  const again = await getPhaseOut(t.db, result.retire, today);
  expect(again.before).toEqual(result.after);
  expect(again.profilesAffected).toBe(0);
  expect(again.attributesLost).toEqual([]);
  return result;
}

describe("the phase-out simulator", () => {
  it("reads source sets that migration 0019, the writes and a rebuild agree on", async () => {
    const stored = () =>
      t.db
        .select()
        .from(profileSourceSets)
        .where(sql`${profileSourceSets.profiles} <> 0`)
        .orderBy(asc(profileSourceSets.signature));
    const written = await stored();
    const [{ n }] = rowsOf<{ n: number }>(
      await t.db.execute(sql`select count(*)::int as n from profiles`),
    ) as [{ n: number }];
    expect(n).toBeGreaterThan(300);
    expect(written.reduce((sum, r) => sum + r.profiles, 0)).toBe(n);
    await rebuildProfileRollups(t.db);
    expect(await stored()).toEqual(written);
    // The migration's backfill, as an upgrade runs it on profiles stored before it: the pairs
    // may be numbered differently, the sets they make must be the same.
    const decoded = async () => {
      const entries = new Map(
        (await t.db.select().from(sourceSetEntries)).map((e) => [e.id, entryKey(e)]),
      );
      return (await stored())
        .map((r) => ({
          pairs: parseSignature(r.signature)
            .map((id) => entries.get(id)!)
            .sort(),
          profiles: r.profiles,
        }))
        .sort((a, b) => a.pairs.join().localeCompare(b.pairs.join()));
    };
    const before = await decoded();
    const migration = readFileSync("db/migrations/0019_phase_out.sql", "utf8");
    const backfill = migration.split("--> statement-breakpoint").slice(-2);
    expect(backfill[0]).toContain('INSERT INTO "source_set_entries"');
    await t.db.execute(sql`delete from profile_source_sets where true`);
    await t.db.execute(sql`delete from source_set_entries where true`);
    for (const statement of backfill) await t.db.execute(sql.raw(statement));
    expect(await decoded()).toEqual(before);
    // Writes after it number new pairs after the backfilled ones and keep the sets exact.
    await upsertProfiles(t.db, system, [
      {
        subjectId: "after-upgrade",
        region: "DE",
        attributes: [{ group: "identity", name: "nickname", value: "Ada", source: "crm" }],
      },
    ]);
    const kept = await stored();
    await rebuildProfileRollups(t.db);
    expect(await stored()).toEqual(kept);
  });

  it("suggests as a replacement only a source active today, not one retired or planned", async () => {
    const candidates = (await getPhaseOut(t.db, undefined, today)).attributesLost.flatMap((a) =>
      a.replacements.map((r) => r.key),
    );
    const [retired, planned] = [...new Set(candidates)].sort();
    expect(planned, "the fixtures have two first-party replacements").toBeDefined();
    const set = (key: string, column: "retired_at" | "active_from", day: string | null) =>
      t.db.execute(sql`update data_sources set ${sql.raw(column)} = ${day} where key = ${key}`);
    const [{ activeFrom }] = rowsOf<{ activeFrom: string }>(
      await t.db.execute(
        sql`select active_from::text as "activeFrom" from data_sources where key = ${planned!}`,
      ),
    ) as [{ activeFrom: string }];
    await set(retired!, "retired_at", today);
    await set(planned!, "active_from", "2999-01-01");
    try {
      const after = (await getPhaseOut(t.db, undefined, today)).attributesLost.flatMap((a) =>
        a.replacements.map((r) => r.key),
      );
      expect(after).not.toContain(retired);
      expect(after).not.toContain(planned);
    } finally {
      await set(retired!, "retired_at", null);
      await set(planned!, "active_from", activeFrom);
    }
  });

  it("retires every active third-party source by default, exactly as deleting their attributes", async () => {
    const thirdParty = (await listSources(t.db, { party: "third", status: "active" }, today))
      .map((s) => s.key)
      .sort();
    expect(thirdParty.length).toBeGreaterThan(1);
    const result = await simulateThenDelete(undefined);
    expect(result.retire).toEqual(thirdParty);
    expect(result.after.avgCompleteness!).toBeLessThan(result.before.avgCompleteness!);
    expect(result.after.share360!).toBeLessThan(result.before.share360!);
  });

  it("retires the sources named, first-party ones too", async () => {
    const result = await simulateThenDelete(["web-shop", "crm"]);
    expect(result.sources.map((s) => s.party)).toEqual(["first", "first"]);
    // A first-party source is never its own replacement.
    for (const a of result.attributesLost)
      expect(a.replacements.map((r) => r.key)).not.toContain("web-shop");
  });

  it("refuses a source that does not exist, naming it", async () => {
    const error = await getPhaseOut(t.db, ["crm", "no-such-source"], today).catch((e) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(400);
    expect((error as HttpError).issues).toEqual([
      { path: "retire", message: 'Unknown data source "no-such-source"' },
    ]);
  });
});
