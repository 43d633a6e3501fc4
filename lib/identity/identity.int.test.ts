import { readFileSync } from "node:fs";
import { asc, desc, sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  auditEvents,
  identityMatch,
  personFill,
  personReach,
  persons,
  personSizes,
  personSummary,
  profiles,
} from "@/db/schema";
import { recordConsentEvents } from "@/lib/consent/ingest";
import { getProfileMetrics } from "@/lib/metrics/profiles";
import { upsertProfiles } from "@/lib/profiles/ingest";
import { runRescoreJob, setCompletenessModel } from "@/lib/profiles/model";
import { rowsOf } from "@/lib/sql-rows";
import { ada, system } from "@/tests/actors";
import { createTestDatabase, testDriver, type TestDatabase } from "@/tests/database";
import { storeSetting } from "@/lib/settings";
import { withOneDeadlock } from "@/tests/faults";
import { raceBehindHeldRow } from "@/tests/race";
import { lockSubjects } from "@/lib/subject-lock";
import { MATCHING_SETTING } from "./config";
import { newsletterEvent, seedProfileFixtures } from "@/tests/profile-fixtures";
import { getSubjectIdentity, setMatchingConfig } from "./person";
import { getMatchingConfig, rebuildIdentities } from "./resolve";
import { NORMALIZATION_VERSION, RESOLUTION_VERSION } from "./backfill";
import { upgradeStoredData } from "@/lib/upgrade";

type Db = TestDatabase["db"];

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedProfileFixtures(t.db);
});
afterAll(() => t.drop());

/** Everything identity resolution maintains, without zero rows, in a fixed order. */
async function snapshot(db: Db) {
  const nonZero = <T extends Record<string, unknown>>(rows: T[], key: keyof T) =>
    rows.filter((r) => r[key] !== 0);
  const [assignment, people, summary, fill, sizes, reach, match] = await Promise.all([
    db
      .select({ subjectId: profiles.subjectId, personId: profiles.personId })
      .from(profiles)
      .orderBy(asc(profiles.subjectId)),
    db
      .select({
        personId: persons.personId,
        region: persons.region,
        profiles: persons.profiles,
        identifierTypes: persons.identifierTypes,
        derived: persons.derived,
      })
      .from(persons)
      .orderBy(asc(persons.personId)),
    db
      .select()
      .from(personSummary)
      .orderBy(sql`1, 2, 3`),
    db
      .select()
      .from(personFill)
      .orderBy(sql`1, 2, 3, 4`),
    db
      .select()
      .from(personSizes)
      .orderBy(sql`1, 2`),
    db
      .select()
      .from(personReach)
      .orderBy(sql`1, 2`),
    db
      .select()
      .from(identityMatch)
      .orderBy(sql`1, 2`),
  ]);
  return {
    assignment,
    people,
    summary: nonZero(summary, "persons"),
    fill: nonZero(fill, "persons"),
    sizes: nonZero(sizes, "persons"),
    reach: nonZero(reach, "persons"),
    match: match.filter((m) => m.profiles !== 0 || m.matched !== 0),
  };
}

/** The incrementally kept state must equal a rebuild from the rows. */
async function expectSameAsRebuild(db: Db = t.db) {
  const kept = await snapshot(db);
  await db.transaction(async (tx) => {
    await rebuildIdentities(tx);
  });
  expect(kept).toEqual(await snapshot(db));
}

const personOf = async (subjectId: string, db: Db = t.db) =>
  (
    await db
      .select()
      .from(profiles)
      .where(sql`${profiles.subjectId} = ${subjectId}`)
  )[0]?.personId;

describe("matching", () => {
  it("joins profiles sharing a normalized e-mail or phone into one person named by its smallest id", async () => {
    await upsertProfiles(t.db, system, [
      { subjectId: "m-b", region: "DE", identifiers: { email: " Grace@Example.com" } },
      { subjectId: "m-c", region: "DE", identifiers: { phone: "030 12345671" } },
    ]);
    expect(await personOf("m-b")).toBe("m-b");
    await upsertProfiles(t.db, system, [
      {
        subjectId: "m-a",
        region: "FR",
        identifiers: { email: "grace@example.com", phone: "+49 30 12345671" },
      },
    ]);
    // m-a links m-b (same address, other capitals) and m-c (the same number, written nationally).
    expect([await personOf("m-a"), await personOf("m-b"), await personOf("m-c")]).toEqual([
      "m-a",
      "m-a",
      "m-a",
    ]);
    const identity = await getSubjectIdentity(t.db, "m-c", { mask: false });
    expect(identity).toMatchObject({ personId: "m-a", subjects: ["m-a", "m-b", "m-c"] });
    expect(identity!.links).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          from: "m-a",
          to: "m-b",
          type: "email",
          value: "grace@example.com",
        }),
        expect.objectContaining({ from: "m-a", to: "m-c", type: "phone", value: "+493012345671" }),
      ]),
    );
    await expectSameAsRebuild();
  });

  it("splits a person when the identifier that joined them is removed or changed", async () => {
    await upsertProfiles(t.db, system, [
      { subjectId: "m-a", region: "FR", identifiers: { phone: null } },
    ]);
    expect(await personOf("m-c")).toBe("m-c");
    expect(await personOf("m-b")).toBe("m-a");
    await upsertProfiles(t.db, system, [
      { subjectId: "m-b", region: "DE", identifiers: { email: "other@example.com" } },
    ]);
    expect(await personOf("m-b")).toBe("m-b");
    expect((await getSubjectIdentity(t.db, "m-a", { mask: false }))!.subjects).toEqual(["m-a"]);
    await expectSameAsRebuild();
  });

  it("splits by the value a profile stored, even where today's rules would read it otherwise", async () => {
    await upsertProfiles(t.db, system, [
      { subjectId: "n-a", region: "DE", identifiers: { phone: "030 7654321" } },
      { subjectId: "n-b", region: "DE", identifiers: { phone: "+49 30 7654321" } },
    ]);
    expect(await personOf("n-b")).toBe("n-a");
    // Both values as an earlier release of the phone library stored them, the persons formed
    // from them: what the two profiles carry is this value.
    await t.db.execute(
      sql`update profile_identifiers set normalized = '+19990000000' where subject_id in ('n-a', 'n-b')`,
    );
    await t.db.transaction(async (tx) => rebuildIdentities(tx));
    expect(await personOf("n-b")).toBe("n-a");
    // n-a changes its number: it no longer carries the stored value, and n-b stands alone.
    await upsertProfiles(t.db, system, [
      { subjectId: "n-a", region: "DE", identifiers: { phone: "030 1111111" } },
    ]);
    expect([await personOf("n-a"), await personOf("n-b")]).toEqual(["n-a", "n-b"]);
    await expectSameAsRebuild();
  });

  it("forms persons again at start-up when identifiers were normalized again by new rules", async () => {
    await upsertProfiles(t.db, system, [
      { subjectId: "u-a", region: "US-CA", identifiers: { phone: "0049 30 2222222" } },
      { subjectId: "u-b", region: "DE", identifiers: { phone: "+49 30 2222222" } },
    ]);
    expect(await personOf("u-b")).toBe("u-a");
    // As the release before read u-a's number (not at all: 00 is not the US's prefix), with the
    // persons it formed, and the upgrade to this release not yet run.
    await t.db.execute(
      sql`update profile_identifiers set normalized = null where subject_id = 'u-a'`,
    );
    await t.db.transaction(async (tx) => rebuildIdentities(tx));
    await storeSetting(t.db, "identifiers.normalizationVersion", NORMALIZATION_VERSION - 1);
    await storeSetting(t.db, "identity.resolutionVersion", RESOLUTION_VERSION);
    expect(await personOf("u-b")).toBe("u-b");
    const upgrade = await upgradeStoredData(t.db);
    expect(upgrade.personsFormed).toBe(true);
    expect(upgrade.identifiersNormalized).toBeGreaterThanOrEqual(1); // u-a's, and any other stale
    expect([await personOf("u-a"), await personOf("u-b")]).toEqual(["u-a", "u-a"]);
    await expectSameAsRebuild();
  });

  it("walks chains: a–b by e-mail and b–c by loyalty id are one person; identifiers of other types never join", async () => {
    await upsertProfiles(t.db, system, [
      {
        subjectId: "c-1",
        region: "DE",
        identifiers: { email: "c@example.com", device_id: "dev-1" },
      },
      {
        subjectId: "c-2",
        region: "DE",
        identifiers: { email: "c@example.com", loyalty_id: "L-9" },
      },
      { subjectId: "c-3", region: "DE", identifiers: { loyalty_id: "L-9" } },
      { subjectId: "c-4", region: "DE", identifiers: { device_id: "dev-1" } },
    ]);
    expect(await personOf("c-3")).toBe("c-1");
    expect(await personOf("c-4")).toBe("c-4");
    await upsertProfiles(t.db, system, [
      { subjectId: "c-2", region: "DE", identifiers: { loyalty_id: null } },
    ]);
    expect(await personOf("c-3")).toBe("c-3");
    expect(await personOf("c-2")).toBe("c-1");
    await expectSameAsRebuild();
  });

  it("flags a value shared by more than five profiles and joins nobody by it, until it is shared by five again", async () => {
    const household = (i: number, extra: Record<string, string | null> = {}) => ({
      subjectId: `h-${i}`,
      region: "US-CA",
      identifiers: { phone: "(202) 555-0142", ...extra },
    });
    await upsertProfiles(
      t.db,
      system,
      [1, 2, 3, 4, 5].map((i) => household(i)),
    );
    expect(await personOf("h-5")).toBe("h-1");
    await upsertProfiles(t.db, system, [household(6)]);
    for (const i of [1, 2, 3, 4, 5, 6]) expect(await personOf(`h-${i}`)).toBe(`h-${i}`);
    const identity = await getSubjectIdentity(t.db, "h-3", { mask: false });
    expect(identity).toMatchObject({ personId: "h-3", subjects: ["h-3"], links: [] });
    expect(identity!.flagged).toEqual([
      expect.objectContaining({ type: "phone", value: "+12025550142", profiles: 6 }),
    ]);
    await expectSameAsRebuild();
    await upsertProfiles(t.db, system, [household(6, { phone: null })]);
    expect(await personOf("h-4")).toBe("h-1");
    expect(await personOf("h-6")).toBe("h-6");
    await expectSameAsRebuild();
  });

  it("masks values for readers who may not see them", async () => {
    const masked = await getSubjectIdentity(t.db, "m-a", { mask: true });
    expect(JSON.stringify(masked)).not.toContain("grace@example.com");
    expect(masked!.profiles[0]!.identifiers.find((i) => i.type === "email")!.value).toMatch(
      /^g•••@e•••\.com$/,
    );
    expect(await getSubjectIdentity(t.db, "nobody", { mask: true })).toBeNull();
  });
});

describe("person figures", () => {
  const event = (subjectId: string, n: number, action: "grant" | "deny", day: string) =>
    newsletterEvent(`${subjectId}-${n}`, subjectId, action, day);
  const personReachNow = async () =>
    (await t.db.select().from(personReach)).reduce((s, r) => s + r.persons, 0);

  it("counts a person as consented when their latest decision under any of their ids is a grant", async () => {
    const now = new Date("2026-11-29T12:00:00Z");
    const base = await personReachNow();
    await upsertProfiles(t.db, system, [
      {
        subjectId: "r-1",
        region: "DE",
        identifiers: { email: "r@example.com", loyalty_id: "R-1" },
        attributes: [{ group: "identity", name: "first_name", value: "R", source: "crm" }],
      },
      {
        subjectId: "r-2",
        region: "DE",
        identifiers: { email: "R@example.com" },
        attributes: [
          { group: "demographics", name: "birth_year", value: "1980", source: "broker" },
        ],
      },
    ]);
    await recordConsentEvents(t.db, system, [event("r-1", 1, "grant", "2026-01-01")], { now });
    expect(await personReachNow()).toBe(base + 1);
    // A later refusal under the other id is the person's latest decision.
    await recordConsentEvents(t.db, system, [event("r-2", 1, "deny", "2026-03-01")], { now });
    expect(await personReachNow()).toBe(base);
    await recordConsentEvents(t.db, system, [event("r-1", 2, "grant", "2026-05-01")], { now });
    expect(await personReachNow()).toBe(base + 1);
    // The person holds what both profiles hold, each attribute under its own party.
    const [row] = await t.db
      .select()
      .from(persons)
      .where(sql`${persons.personId} = 'r-1'`);
    expect(row).toMatchObject({ profiles: 2, identifierTypes: 2 });
    expect(row!.attributes).toEqual([
      ["demographics", "birth_year", "third"],
      ["identity", "first_name", "first"],
    ]);
    await expectSameAsRebuild();
  });

  it("answers the dashboard per person: counts of persons, match rates, sizes", async () => {
    const [perProfile, perPerson] = await Promise.all([
      getProfileMetrics(t.db, {}),
      getProfileMetrics(t.db, { unit: "person" }),
    ]);
    const people = await t.db.select().from(persons);
    expect(perPerson.unit).toBe("person");
    expect(perPerson.profiles).toBe(people.length);
    expect(perProfile.persons).toBe(people.length);
    expect(perProfile.profiles).toBe((await t.db.select().from(profiles)).length);
    expect(perPerson.personSizes.reduce((s, p) => s + p.size * p.persons, 0)).toBe(
      perProfile.profiles,
    );
    const resolved = people.filter((p) => p.identifierTypes >= 2).length;
    expect(perPerson.resolved).toBe(resolved);
    // Matching by e-mail: every profile carrying an address another profile carries too.
    const emails = await t.db.execute(sql`
      select count(*) filter (where n between 2 and 5)::int as matched, count(*)::int as total
      from (select count(*) over (partition by normalized) as n from profile_identifiers
            where type = 'email' and normalized is not null) x`);
    const [row] = rowsOf<{ matched: number; total: number }>(emails);
    expect(perPerson.matchRates.find((m) => m.type === "email")).toMatchObject({
      profiles: Number(row!.total),
      matched: Number(row!.matched),
    });
    expect(perPerson.matchRates.map((m) => m.type)).toEqual([
      "email",
      "phone",
      "loyalty_id",
      "user_id",
    ]);
  });

  it.runIf(testDriver === "postgres")(
    "audits as 'before' the configuration a save made meanwhile replaced",
    async () => {
      const types = { types: ["email", "loyalty_id", "phone"], maxProfiles: 5 };
      await setMatchingConfig(t.db, ada, types);
      // Another admin's save holds the setting while this one begins; it then commits.
      const meanwhile = { ...types, maxProfiles: 4 };
      const [saved] = await raceBehindHeldRow(
        t,
        (tx) => storeSetting(tx, MATCHING_SETTING, meanwhile),
        [() => setMatchingConfig(t.db, ada, types)],
        "commit",
      );
      expect(saved!.status).toBe("fulfilled");
      const [last] = await t.db
        .select({ before: auditEvents.before, after: auditEvents.after })
        .from(auditEvents)
        .where(sql`${auditEvents.action} = 'identity.matching_update'`)
        .orderBy(desc(auditEvents.id))
        .limit(1);
      expect(last).toEqual({ before: meanwhile, after: types });
    },
  );

  it("forms persons again, audited, when an admin changes which types match", async () => {
    await setMatchingConfig(t.db, ada, { types: ["email"], maxProfiles: 5 });
    expect(await personOf("c-3")).toBe("c-3");
    expect(await personOf("h-2")).toBe("h-2");
    await expectSameAsRebuild();
    await setMatchingConfig(t.db, ada, { types: ["email", "phone", "loyalty_id"], maxProfiles: 5 });
    expect(await personOf("h-2")).toBe("h-1");
    await expectSameAsRebuild();
  });
});

describe("persons formed again while profiles are written", () => {
  it("are formed again after a deadlock with a profile write ends the first try", async () => {
    // A deadlock (SQLSTATE 40P01) on the first write of the new configuration, as PostgreSQL
    // ends one of a rebuild and a profile write waiting on each other's customer locks.
    const { writes } = await withOneDeadlock(t.db, "settings", () =>
      setMatchingConfig(t.db, ada, { types: ["email", "phone"], maxProfiles: 5 }),
    );
    expect(writes).toBeGreaterThan(1);
    await expectSameAsRebuild();
    await setMatchingConfig(t.db, ada, { types: ["email", "phone", "loyalty_id"], maxProfiles: 5 });
  });
});

describe.runIf(testDriver === "postgres")("persons formed again while consent arrives", () => {
  it("stores the decisions after the new persons, and counts them by those", async () => {
    const now = new Date("2026-11-29T12:00:00Z");
    await setMatchingConfig(t.db, ada, { types: ["email"], maxProfiles: 5 });
    // One loyalty number, two e-mail addresses: two persons while only e-mail matches.
    await upsertProfiles(t.db, system, [
      {
        subjectId: "race-a",
        region: "DE",
        identifiers: { email: "ra@example.com", loyalty_id: "RACE-1" },
      },
      {
        subjectId: "race-b",
        region: "DE",
        identifiers: { email: "rb@example.com", loyalty_id: "RACE-1" },
      },
    ]);
    await recordConsentEvents(
      t.db,
      system,
      [newsletterEvent("race-a-1", "race-a", "deny", "2026-03-05")],
      { now },
    );
    // An admin adds the loyalty number to matching (as setMatchingConfig does); before it
    // commits, race-b's earlier grant arrives on another connection. race-a's later refusal is
    // then the joined person's decision: no reach.
    let arriving: Promise<unknown> | undefined;
    await t.db.transaction(async (tx) => {
      await storeSetting(tx, MATCHING_SETTING, {
        types: ["email", "loyalty_id"],
        maxProfiles: 5,
      });
      await rebuildIdentities(tx);
      arriving = recordConsentEvents(
        t.db,
        system,
        [newsletterEvent("race-b-1", "race-b", "grant", "2026-03-01")],
        { now },
      );
      await new Promise((r) => setTimeout(r, 300));
    });
    await arriving;
    expect(await personOf("race-b")).toBe("race-a");
    const reach = await t.db
      .select()
      .from(personReach)
      .where(sql`${personReach.region} = 'DE'`);
    await expectSameAsRebuild();
    // (Compared again after the rebuild above, so a drift shows whichever side it is on.)
    expect(reach).toEqual(
      await t.db
        .select()
        .from(personReach)
        .where(sql`${personReach.region} = 'DE'`),
    );
  });
});

describe("incremental resolution equals a full rebuild", () => {
  it.each([5, 2])(
    "for any sequence of profile writes and consent decisions (values shared by more than %i profiles flagged)",
    async (maxProfiles) => {
      await setMatchingConfig(t.db, ada, { types: ["email", "phone", "loyalty_id"], maxProfiles });
      let run = maxProfiles * 1000;
      const subject = fc.integer({ min: 0, max: 6 });
      const value = (kind: string, n: number) =>
        fc.option(
          fc.integer({ min: 0, max: n }).map((i) => `${kind}${i}`),
          { nil: null },
        );
      const write = fc.record({
        kind: fc.constant("profile" as const),
        subject,
        region: fc.constantFrom("DE", "US-CA"),
        email: fc.option(value("e", 2), { nil: undefined }),
        phone: fc.option(value("p", 1), { nil: undefined }),
        loyalty: fc.option(value("l", 1), { nil: undefined }),
        device: fc.option(value("d", 1), { nil: undefined }),
        attribute: fc.option(
          fc.record({
            name: fc.constantFrom("first_name", "birth_year", "email"),
            source: fc.constantFrom("crm", "broker"),
            remove: fc.boolean(),
          }),
          { nil: undefined },
        ),
      });
      const decision = fc.record({
        kind: fc.constant("consent" as const),
        subject,
        grant: fc.boolean(),
        day: fc.integer({ min: 1, max: 28 }),
      });
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.oneof(
              // Batches of several profiles: one value may gain or lose several carriers at once.
              fc.uniqueArray(write, { selector: (w) => w.subject, minLength: 1, maxLength: 3 }),
              fc.uniqueArray(write, { selector: (w) => w.subject, minLength: 1, maxLength: 3 }),
              decision,
            ),
            { minLength: 3, maxLength: 12 },
          ),
          async (ops) => {
            run++;
            const id = (n: number) => `prop-${run}-${n}`;
            const phones = ["(202) 555-0100", "(202) 555-0101"];
            let n = 0;
            for (const op of ops) {
              n++;
              if (!Array.isArray(op)) {
                await recordConsentEvents(
                  t.db,
                  system,
                  [
                    {
                      eventId: `${id(op.subject)}-${n}`,
                      subjectId: id(op.subject),
                      purpose: "newsletter",
                      action: op.grant ? "grant" : "deny",
                      occurredAt: `2026-02-${String(op.day).padStart(2, "0")}T10:00:00Z`,
                      channel: "web",
                      region: "DE",
                    },
                  ],
                  { now: new Date("2026-11-29T12:00:00Z") },
                );
                continue;
              }
              await upsertProfiles(
                t.db,
                system,
                op.map((w) => {
                  const identifiers: Record<string, string | null> = {};
                  const set = (
                    type: string,
                    v: string | null | undefined,
                    map = (x: string) => x,
                  ) => {
                    if (v !== undefined) identifiers[type] = v === null ? null : map(v);
                  };
                  set("email", w.email, (v) => `${v}-${run}@Example.com`);
                  set("phone", w.phone, (v) =>
                    phones[Number(v.slice(1))]!.replace("555", `55${run % 10}`),
                  );
                  set("loyalty_id", w.loyalty, (v) => `${v}-${run}`);
                  set("device_id", w.device, (v) => `${v}-${run}`);
                  const group =
                    w.attribute?.name === "birth_year"
                      ? "demographics"
                      : w.attribute?.name === "email"
                        ? "contact"
                        : "identity";
                  return {
                    subjectId: id(w.subject),
                    region: w.region,
                    identifiers,
                    attributes: w.attribute
                      ? [
                          {
                            group,
                            name: w.attribute.name,
                            value: w.attribute.remove ? null : "x",
                            source: w.attribute.source,
                          },
                        ]
                      : [],
                  };
                }),
              );
            }
            await expectSameAsRebuild();
          },
        ),
        { numRuns: 12, seed: 20261202 + maxProfiles },
      );
      await setMatchingConfig(t.db, ada, {
        types: ["email", "phone", "loyalty_id"],
        maxProfiles: 5,
      });
    },
  );
});

describe("while the completeness model changes", () => {
  // A database of its own: persons of several are scored under a new model only once their
  // profiles are rescored, so until the job is done a rebuild (which scores them all under the
  // new model) differs from the kept figures for them; both agree once the job has run.
  let own: TestDatabase;
  beforeAll(async () => {
    own = await createTestDatabase();
    await seedProfileFixtures(own.db);
  });
  afterAll(() => own.drop());
  /** Two profiles joined by one e-mail address, each with one key attribute of the model. */
  const joinTwo = (db: Db, prefix: string) => {
    const attribute = (name: string) => ({ group: "identity", name, value: "x", source: "crm" });
    return upsertProfiles(db, system, [
      {
        subjectId: `${prefix}-a`,
        region: "DE",
        identifiers: { email: `${prefix}@example.com` },
        attributes: [attribute("first_name")],
      },
      {
        subjectId: `${prefix}-b`,
        region: "DE",
        identifiers: { email: `${prefix}@example.com` },
        attributes: [attribute("last_name")],
      },
    ]);
  };

  it.runIf(testDriver === "postgres")(
    "a rebuild that waited for customers' locks scores persons by the model in force once it has them",
    async () => {
      const db = own.db;
      await joinTwo(db, "m");
      // A profile write holds one customer's lock; the rebuild waits for it, and meanwhile an
      // admin saves a new model (which waits for no customer).
      const [rebuilt] = await raceBehindHeldRow(
        own,
        (tx) => lockSubjects(tx, ["m-a"]),
        [() => db.transaction((tx) => rebuildIdentities(tx))],
        "rollback",
        () =>
          setCompletenessModel(db, ada, {
            attributes: [
              { group: "identity", name: "first_name", weight: 1 },
              { group: "identity", name: "last_name", weight: 5 },
            ],
          }),
      );
      expect(rebuilt).toMatchObject({ status: "fulfilled" });
      // Its persons are those a rebuild under the new model forms, not the old model's.
      await expectSameAsRebuild(db);
    },
  );

  it("scores a person of one profile as its profile is, before and after the profile is rescored", async () => {
    const db = own.db;
    await joinTwo(db, "w");
    expect(await personOf("w-b", db)).toBe("w-a");
    // A new model, its rescoring job not yet run: the stored profiles keep their old scores.
    const { model, jobId } = await setCompletenessModel(db, ada, {
      attributes: [
        { group: "identity", name: "first_name", weight: 1 },
        { group: "identity", name: "last_name", weight: 3 },
      ],
    });
    // w-a leaves: w-b stands alone again without having been written under the new model.
    await upsertProfiles(db, system, [
      { subjectId: "w-a", region: "DE", identifiers: { email: "w-a@example.com" } },
    ]);
    expect(await personOf("w-b", db)).toBe("w-b");
    const [wb] = await db
      .select({ modelVersion: profiles.modelVersion })
      .from(profiles)
      .where(sql`${profiles.subjectId} = 'w-b'`);
    expect(wb!.modelVersion).toBeLessThan(model.version);
    // Stored once, on the profile: a person of one profile keeps no copy of its figures.
    const [row] = await db
      .select({ derived: persons.derived, attributes: persons.attributes })
      .from(persons)
      .where(sql`${persons.personId} = 'w-b'`);
    expect(row).toEqual({ derived: null, attributes: null });
    await expectSameAsRebuild(db);
    await runRescoreJob(db, jobId);
    await expectSameAsRebuild(db);
  });
});

describe("matching on Segment's ids (migration 0037)", () => {
  const migration = () =>
    sql.raw(readFileSync("db/migrations/0037_matching_as_it_was.sql", "utf8"));
  const stored = async (db: Db) =>
    rowsOf<{ value: unknown }>(
      await db.execute(sql`select value from settings where key = ${MATCHING_SETTING}`),
    ).map((r) => r.value);

  it("keeps a database that holds profiles matching as it did; a new one matches on them too", async () => {
    const before = await stored(t.db);
    await t.db.execute(sql`delete from settings where key = ${MATCHING_SETTING}`);
    try {
      await t.db.execute(migration());
      const [kept] = await stored(t.db);
      expect(kept).toEqual({ types: ["email", "loyalty_id", "phone"], maxProfiles: 5 });
      expect((await getMatchingConfig(t.db)).types).toEqual(["email", "loyalty_id", "phone"]);
      // A choice an admin stored is left alone.
      await setMatchingConfig(t.db, ada, { types: ["email"], maxProfiles: 3 });
      await t.db.execute(migration());
      expect(await stored(t.db)).toEqual([{ types: ["email"], maxProfiles: 3 }]);
    } finally {
      await t.db.execute(sql`delete from settings where key = ${MATCHING_SETTING}`);
      if (before[0] !== undefined) await storeSetting(t.db, MATCHING_SETTING, before[0]);
      await t.db.transaction((tx) => rebuildIdentities(tx));
    }

    const fresh = await createTestDatabase();
    try {
      await fresh.db.execute(migration());
      expect(await stored(fresh.db)).toEqual([]);
      expect((await getMatchingConfig(fresh.db)).types).toEqual([
        "email",
        "phone",
        "loyalty_id",
        "user_id",
      ]);
    } finally {
      await fresh.drop();
    }
  });
});
