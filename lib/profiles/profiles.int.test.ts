import { readFileSync } from "node:fs";
import { asc, eq, inArray, sql } from "drizzle-orm";
import { createTranslator } from "use-intl/core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import de from "@/messages/de.json";
import type { ImportMessageKey, Said } from "@/lib/imports/said";
import { sayArgs } from "@/lib/imports/say";
import { rowsOf } from "@/lib/sql-rows";
import {
  auditEvents,
  jobs,
  profileFill,
  profileReach,
  profileDaily,
  profileSourceSets,
  profileSummary,
  profiles,
} from "@/db/schema";
import { ada, system } from "@/tests/actors";
import { recordConsentEvents } from "@/lib/consent/ingest";
import { RuleError } from "@/lib/errors";
import { getPhaseOut } from "@/lib/metrics/phase-out";
import { getProfileMetrics } from "@/lib/metrics/profiles";
import { createPurpose, updatePurpose } from "@/lib/purposes";
import { updateSource } from "@/lib/sources";
import { createTestDatabase, testDriver, type TestDatabase } from "@/tests/database";
import { raceBehindHeldRow } from "@/tests/race";
import { lockAllSubjects } from "@/lib/subject-lock";
import { claimJob } from "@/lib/jobs";
import { newsletterEvent, seedProfileFixtures } from "@/tests/profile-fixtures";
import { upsertProfiles } from "./ingest";
import { latestRescoreJob, resumeRescoreJobs, runRescoreJob, setCompletenessModel } from "./model";
import { rebuildProfileRollups } from "./rollups";
import { withOneDeadlock } from "@/tests/faults";

let t: TestDatabase;
const admin = ada;

const full = (subjectId: string, region = "DE") => ({
  subjectId,
  region,
  identifiers: { email: `${subjectId}@example.com`, loyalty_id: `L-${subjectId}` },
  attributes: [
    { group: "identity", name: "first_name", value: "Ada", source: "crm" },
    { group: "identity", name: "last_name", value: "Lovelace", source: "crm" },
    { group: "contact", name: "email", value: `${subjectId}@example.com`, source: "crm" },
    { group: "demographics", name: "birth_year", value: "1985", source: "broker" },
    { group: "preferences", name: "interests", value: "running", source: "crm" },
    { group: "transactions", name: "order_count", value: "3", source: "crm" },
  ],
});
const thin = (subjectId: string, region = "US-CA") => ({
  subjectId,
  region,
  identifiers: { device_id: `d-${subjectId}` },
  attributes: [{ group: "demographics", name: "birth_year", value: "1990", source: "broker" }],
});

/** The aggregates as stored, without zero rows, in a fixed order. */
async function aggregates() {
  const [summary, fill, reach, sourceSets, daily] = await Promise.all([
    t.db
      .select()
      .from(profileSummary)
      .where(sql`${profileSummary.profiles} <> 0`)
      .orderBy(asc(profileSummary.region), asc(profileSummary.view), asc(profileSummary.bucket)),
    t.db
      .select()
      .from(profileFill)
      .where(sql`${profileFill.profiles} <> 0`)
      .orderBy(
        asc(profileFill.region),
        asc(profileFill.party),
        asc(profileFill.group),
        asc(profileFill.name),
      ),
    t.db
      .select()
      .from(profileReach)
      .where(sql`${profileReach.profiles} <> 0`)
      .orderBy(asc(profileReach.region), asc(profileReach.purposeId)),
    t.db
      .select()
      .from(profileSourceSets)
      .where(sql`${profileSourceSets.profiles} <> 0`)
      .orderBy(asc(profileSourceSets.signature)),
    t.db.select().from(profileDaily).orderBy(asc(profileDaily.day)),
  ]);
  return { summary, fill, reach, sourceSets, daily };
}

/** The incrementally kept aggregates must equal a recomputation from the rows. */
async function expectAggregatesExact() {
  const kept = await aggregates();
  await rebuildProfileRollups(t.db);
  expect(kept).toEqual(await aggregates());
}

beforeAll(async () => {
  t = await createTestDatabase();
  await seedProfileFixtures(t.db);
});
afterAll(() => t.drop());

describe("profile ingestion", () => {
  it("stores a batch with scores and exact aggregates", async () => {
    const result = await upsertProfiles(t.db, system, [full("p1"), full("p2"), thin("p3")]);
    expect(result).toEqual({ accepted: 3, duplicates: 0, created: 3, updated: 0, unchanged: 0 });
    const [p1] = await t.db.select().from(profiles).where(eq(profiles.subjectId, "p1"));
    // Default model: weights 12.5 in all; p1 has first/last name (2), email (2), birth year (1),
    // interests (1), order count (1) = 7.
    expect(p1!.completeness).toBeCloseTo(7 / 12.5, 5);
    expect(p1!.groupsPresent).toEqual([
      "contact",
      "demographics",
      "identity",
      "preferences",
      "transactions",
    ]);
    expect(p1!.is360).toBe(true);
    expect(p1!.identifierTypes).toBe(2);

    const m = await getProfileMetrics(t.db, {});
    expect(m.profiles).toBe(3);
    expect(m.share360).toBeCloseTo(2 / 3, 10);
    expect(m.identityCoverage).toBeCloseTo(2 / 3, 10);
    expect(m.avgCompleteness).toBeCloseTo((7 + 7 + 1) / 12.5 / 3, 5);
    expect(m.histogram.reduce((s, b) => s + b.count, 0)).toBe(3);
    expect(m.histogram[5]!.count).toBe(2); // 0.56
    expect(m.histogram[0]!.count).toBe(1); // 0.08
    const birth = m.fillRates.find(
      (f) => f.group === "demographics" && f.attribute === "birth_year",
    )!;
    expect(birth).toMatchObject({ rate: 1, key: true, byParty: { third: 3, first: 0 } });
    const email = m.fillRates.find((f) => f.group === "contact" && f.attribute === "email")!;
    expect(email.rate).toBeCloseTo(2 / 3, 10);
    expect(m.provenance).toMatchObject({ first: 10, third: 3, total: 13 });

    const de = await getProfileMetrics(t.db, { region: "DE" });
    expect(de.profiles).toBe(2);
    expect(de.share360).toBe(1);
    // First-party attributes alone: no demographics, so no 360° profile.
    const firstOnly = await getProfileMetrics(t.db, { party: "first" });
    expect(firstOnly.share360).toBe(0);
    expect(firstOnly.avgCompleteness).toBeCloseTo((6 + 6 + 0) / 12.5 / 3, 5);
    expect(
      firstOnly.fillRates.find((f) => f.group === "demographics" && f.attribute === "birth_year")!
        .rate,
    ).toBe(0);
    await expectAggregatesExact();
  });

  it("changes nothing when the same batch comes again, even twice at once", async () => {
    const before = await aggregates();
    const [a, b] = await Promise.all([
      upsertProfiles(t.db, system, [full("p1"), full("p2"), thin("p3")]),
      upsertProfiles(t.db, system, [full("p1"), full("p2"), thin("p3")]),
    ]);
    expect(a).toEqual({ accepted: 3, duplicates: 3, created: 0, updated: 0, unchanged: 3 });
    expect(b).toEqual(a);
    expect(await aggregates()).toEqual(before);
    // Concurrent first writes of new subjects create each once.
    const [c, d] = await Promise.all([
      upsertProfiles(t.db, system, [thin("p4"), thin("p5")]),
      upsertProfiles(t.db, system, [thin("p4"), thin("p5")]),
    ]);
    expect(c.created + d.created).toBe(2);
    expect(c.unchanged + d.unchanged).toBe(2);
    expect((await getProfileMetrics(t.db, {})).profiles).toBe(5);
    await expectAggregatesExact();
  });

  it("merges attributes, removes those sent as null, and moves a profile between regions", async () => {
    const result = await upsertProfiles(t.db, system, [
      {
        subjectId: "p2",
        region: "FR",
        identifiers: {},
        attributes: [
          { group: "preferences", name: "interests", value: null },
          { group: "contact", name: "phone", value: "+33 1 23 45 67 89", source: "broker" },
        ],
      },
    ]);
    expect(result.updated).toBe(1);
    const [p2] = await t.db.select().from(profiles).where(eq(profiles.subjectId, "p2"));
    expect(p2!.region).toBe("FR");
    expect(p2!.is360).toBe(false);
    expect(p2!.completeness).toBeCloseTo(7 / 12.5, 5); // −interests (1) +phone (1)
    expect((await getProfileMetrics(t.db, { region: "FR" })).profiles).toBe(1);
    expect((await getProfileMetrics(t.db, { region: "DE" })).profiles).toBe(1);
    await expectAggregatesExact();
  });

  it("refuses a batch with any bad profile, naming each, and writes nothing", async () => {
    const before = await aggregates();
    const error = await upsertProfiles(t.db, system, [
      full("p9"),
      { ...full("p10"), region: "Germany" },
      full("p9"),
      { ...thin("p11"), attributes: [{ group: "hobbies", name: "x", value: "y" }] },
      {
        ...thin("p12"),
        attributes: [{ group: "contact", name: "email", value: "a", source: "nope" }],
      },
      "not a profile",
    ]).catch((e) => e);
    expect(error).toBeInstanceOf(RuleError);
    const paths = (error as RuleError).issues.map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "profiles.1.region",
        "profiles.2.subjectId",
        "profiles.3.attributes.0.group",
        "profiles.4.attributes.0.source",
        "profiles.5",
      ]),
    );
    expect(paths.some((p) => p.startsWith("profiles.0"))).toBe(false);
    expect(await aggregates()).toEqual(before);
    expect(await t.db.select().from(profiles).where(eq(profiles.subjectId, "p9"))).toEqual([]);
  });
});

describe("a source changing party", () => {
  it("keeps what it supplied under the party it had, so aggregates stay exact", async () => {
    await upsertProfiles(t.db, system, [
      {
        subjectId: "p7",
        region: "DE",
        attributes: [{ group: "contact", name: "phone", value: "1", source: "broker" }],
      },
    ]);
    await updateSource(t.db, system, "broker", { party: "first" });
    // Removing the value subtracts it from the party it was filed under (third), not from first.
    await upsertProfiles(t.db, system, [
      {
        subjectId: "p7",
        region: "DE",
        attributes: [{ group: "contact", name: "phone", value: null }],
      },
    ]);
    await expectAggregatesExact();
    // New values from the source are filed under its new party.
    await upsertProfiles(t.db, system, [
      {
        subjectId: "p7",
        region: "DE",
        attributes: [{ group: "contact", name: "phone", value: "2", source: "broker" }],
      },
    ]);
    const phone = (await getProfileMetrics(t.db, { region: "DE" })).fillRates.find(
      (f) => f.group === "contact" && f.attribute === "phone",
    )!;
    expect(phone.byParty.first).toBe(1);
    await expectAggregatesExact();
    await updateSource(t.db, system, "broker", { party: "third" });
  });
});

describe("consentable reach", () => {
  const event = (
    subjectId: string,
    n: number,
    action: "grant" | "deny" | "withdraw",
    day: string,
  ) => newsletterEvent(`${subjectId}-${n}`, subjectId, action, day);
  const reach = async (region?: string) =>
    (await getProfileMetrics(t.db, region ? { region } : {})).reach.find(
      (r) => r.purpose === "newsletter",
    )!.profiles;

  it("counts identity-resolved profiles whose latest decision is a grant, from either side", async () => {
    const now = new Date("2026-11-29T12:00:00Z");
    await recordConsentEvents(
      t.db,
      system,
      [event("p1", 1, "grant", "2026-01-01"), event("p3", 1, "grant", "2026-01-01")],
      { now },
    );
    expect(await reach()).toBe(1); // p3 has one identifier type only
    await upsertProfiles(t.db, system, [
      { ...thin("p3"), identifiers: { email: "p3@example.com" } },
    ]);
    expect(await reach()).toBe(2);
    expect(await reach("US-CA")).toBe(1);
    // A late withdrawal that is older than the grant changes nothing; a newer one does.
    await recordConsentEvents(t.db, system, [event("p1", 2, "withdraw", "2025-06-01")], { now });
    expect(await reach()).toBe(2);
    await recordConsentEvents(t.db, system, [event("p1", 3, "withdraw", "2026-06-01")], { now });
    expect(await reach()).toBe(1);
    // A consent event for a subject without a profile counts nowhere.
    await recordConsentEvents(t.db, system, [event("no-profile", 1, "grant", "2026-01-01")], {
      now,
    });
    expect(await reach()).toBe(1);
    await expectAggregatesExact();
  });

  it("leaves out a retired purpose: nobody can be reached for it any more", async () => {
    const purpose = await createPurpose(t.db, system, {
      key: "postcards",
      name: "Postcards",
      functionalArea: "marketing",
      legalBasis: "consent",
      customerDescription: "Postcards now and then.",
      dataCategories: ["contact"],
      retentionDays: 365,
      status: "active",
    });
    await recordConsentEvents(
      t.db,
      system,
      [{ ...event("p1", 90, "grant", "2026-02-01"), purpose: "postcards" }],
      { now: new Date("2026-11-29T12:00:00Z") },
    );
    const listed = async () => {
      const [profiles, persons, phaseOut] = await Promise.all([
        getProfileMetrics(t.db, {}),
        getProfileMetrics(t.db, { unit: "person" }),
        getPhaseOut(t.db, [], "2026-11-29"),
      ]);
      return [profiles.reach, persons.reach, phaseOut.before.reach].map((rows) =>
        rows.find((r) => r.purpose === "postcards"),
      );
    };
    expect((await listed()).map((r) => r?.profiles)).toEqual([1, 1, 1]);

    await updatePurpose(t.db, system, "postcards", { version: purpose.version, status: "retired" });
    expect(await listed()).toEqual([undefined, undefined, undefined]);
    // The purpose still has its own consent figures (lib/metrics/consent), marked retired.
  });
});

describe("completeness model", () => {
  it("rescoring after a weight change gives every profile its new score, with progress", async () => {
    const { model, jobId } = await setCompletenessModel(t.db, admin, {
      attributes: [
        { group: "contact", name: "email", weight: 3 },
        { group: "demographics", name: "birth_year", weight: 1 },
      ],
    });
    expect(model.version).toBe(2);
    const queued = await latestRescoreJob(t.db);
    expect(queued).toMatchObject({
      id: jobId,
      status: "queued",
      total: 6,
      done: 0,
      modelVersion: 2,
    });
    const [audit] = await t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "completeness_model.update"));
    expect(audit!.detail).toMatchObject({ jobId });

    // A deadlock with a concurrent profile write (SQLSTATE 40P01) stops the first batch once:
    // the batch is tried again, as every other profile write is, and the job still ends.
    const { result: done, writes } = await withOneDeadlock(t.db, "profiles", () =>
      runRescoreJob(t.db, jobId),
    );
    expect(writes).toBeGreaterThan(1); // the fault fired, and a later write went through
    expect(done).toMatchObject({ status: "done", total: 6, done: 6 });
    expect(await runRescoreJob(t.db, jobId)).toBeNull(); // nothing left to claim
    const rows = await t.db.select().from(profiles).orderBy(asc(profiles.subjectId));
    const score = Object.fromEntries(rows.map((r) => [r.subjectId, r.completeness]));
    expect(score).toEqual({ p1: 1, p2: 1, p3: 0.25, p4: 0.25, p5: 0.25, p7: 0 });
    expect(new Set(rows.map((r) => r.modelVersion))).toEqual(new Set([2]));
    expect((await getProfileMetrics(t.db, {})).avgCompleteness).toBeCloseTo(2.75 / 6, 6);
    await expectAggregatesExact();
    // A write after the change is scored with the new model straight away.
    await upsertProfiles(t.db, system, [thin("p6")]);
    const [p6] = await t.db.select().from(profiles).where(eq(profiles.subjectId, "p6"));
    expect(p6).toMatchObject({ completeness: 0.25, modelVersion: 2 });
  });

  it("refuses to save over a model someone changed meanwhile", async () => {
    const { model } = await setCompletenessModel(t.db, admin, {
      version: 2,
      attributes: [
        { group: "contact", name: "email", weight: 3 },
        { group: "demographics", name: "birth_year", weight: 1 },
      ],
    });
    expect(model.version).toBe(3);
    await expect(
      setCompletenessModel(t.db, admin, {
        version: 2,
        attributes: [{ group: "contact", name: "email", weight: 1 }],
      }),
    ).rejects.toThrow(/changed meanwhile/);
    const job = await latestRescoreJob(t.db);
    await runRescoreJob(t.db, job!.id);
  });

  it("resumes a failed job after a pause, up to five attempts", async () => {
    const { jobId } = await setCompletenessModel(t.db, admin, {
      attributes: [{ group: "contact", name: "email", weight: 1 }],
    });
    const old = new Date(Date.now() - 10 * 60_000);
    await t.db
      .update(jobs)
      .set({
        status: "failed",
        heartbeatAt: old,
        error: "boom",
        detail: { modelVersion: 4, attempts: 1 },
      })
      .where(eq(jobs.id, jobId));
    await resumeRescoreJobs(t.db);
    expect(await latestRescoreJob(t.db)).toMatchObject({ id: jobId, status: "done", error: null });
    await t.db
      .update(jobs)
      .set({ status: "failed", heartbeatAt: old, detail: { modelVersion: 4, attempts: 5 } })
      .where(eq(jobs.id, jobId));
    await resumeRescoreJobs(t.db);
    expect((await latestRescoreJob(t.db))!.status).toBe("failed");
  });

  it.runIf(testDriver === "postgres")(
    "stops a rescoring job taken over by another instance while a batch waited, its batch undone",
    async () => {
      await upsertProfiles(t.db, system, [{ subjectId: "rescored-while-taken", region: "DE" }]);
      const { jobId } = await setCompletenessModel(t.db, admin, {
        attributes: [{ group: "contact", name: "email", weight: 3 }],
      });
      const before = await latestRescoreJob(t.db);
      // The batch waits for the customers' locks (an identity rebuild holds them all) past the
      // time a job may be silent: another instance takes the job over meanwhile.
      const [run] = await raceBehindHeldRow(
        t,
        (tx) => lockAllSubjects(tx),
        [() => runRescoreJob(t.db, jobId)],
        "rollback",
        async () => {
          await t.db
            .update(jobs)
            .set({ heartbeatAt: new Date(Date.now() - 10 * 60_000) })
            .where(eq(jobs.id, jobId));
          expect(await claimJob(t.db, jobId, { runner: "another-instance" })).toBeDefined();
        },
      );
      expect(run).toEqual({ status: "fulfilled", value: null });
      const [job] = await t.db.select().from(jobs).where(eq(jobs.id, jobId));
      expect(job).toMatchObject({ status: "running", done: before!.done });
      expect((job!.detail as { runner: string }).runner).toBe("another-instance");
      // The other instance finishes it.
      await t.db
        .update(jobs)
        .set({ heartbeatAt: new Date(Date.now() - 10 * 60_000) })
        .where(eq(jobs.id, jobId));
      await resumeRescoreJobs(t.db);
      expect(await latestRescoreJob(t.db)).toMatchObject({ id: jobId, status: "done" });
    },
  );

  it("keeps why a job stopped in the database's words, without the query's data, and as the catalog says it", async () => {
    const { jobId } = await setCompletenessModel(t.db, admin, {
      attributes: [{ group: "contact", name: "email", weight: 2 }],
    });
    const [{ version }] = (await t.db
      .execute(sql`select max(model_version) + 1 as version from profiles`)
      .then(rowsOf)) as [{ version: number }];
    // The database refuses every rescored row, as a full disk or a broken constraint would.
    await t.db.execute(
      sql.raw(
        `alter table profiles add constraint no_rescoring check (model_version < ${version}) not valid`,
      ),
    );
    try {
      vi.spyOn(console, "error").mockImplementation(() => {});
      expect(await runRescoreJob(t.db, jobId)).toBeNull();
    } finally {
      vi.restoreAllMocks();
      await t.db.execute(sql`alter table profiles drop constraint no_rescoring`);
    }
    const failed = await latestRescoreJob(t.db);
    const reason = 'new row for relation "profiles" violates check constraint "no_rescoring"';
    expect(failed).toMatchObject({
      id: jobId,
      status: "failed",
      error: `Rescoring stopped: ${reason}. Rescoring is tried again in a few minutes.`,
      // A broken constraint is no kind the catalog names: the database's own words are said.
      errorSaid: { key: "rescoreStoppedRetrying", values: { reason, cause: "other" } },
    });
    const german = createTranslator({ locale: "de", messages: de, namespace: "importMessages" });
    expect(german(failed!.errorSaid!.key as ImportMessageKey, failed!.errorSaid!.values)).toBe(
      `Die Neubewertung wurde unterbrochen: ${reason}. Die Neubewertung wird in einigen Minuten erneut versucht.`,
    );
    // Tried again, it finishes, and the error goes with its success.
    await t.db
      .update(jobs)
      .set({ heartbeatAt: new Date(Date.now() - 10 * 60_000) })
      .where(eq(jobs.id, jobId));
    await resumeRescoreJobs(t.db);
    expect(await latestRescoreJob(t.db)).toMatchObject({
      status: "done",
      error: null,
      errorSaid: null,
    });
  });

  it("upgrades a job's reason stored with the failed query's data to one without it", async () => {
    const leaked =
      'Failed query: update "profiles" set "completeness" = $1 where "subject_id" = $2\nparams: 0.5,c-42';
    const [old, other] = await t.db
      .insert(jobs)
      .values([
        { kind: "profiles.rescore", status: "failed", createdBy: "admin", error: leaked },
        { kind: "import", status: "failed", createdBy: "admin", error: leaked },
      ])
      .returning({ id: jobs.id });
    await t.db.execute(
      sql.raw(readFileSync("db/migrations/0028_rescore_error_without_data.sql", "utf8")),
    );
    const errors = Object.fromEntries(
      (await t.db.select({ id: jobs.id, error: jobs.error }).from(jobs)).map((j) => [
        j.id,
        j.error,
      ]),
    );
    expect(errors[old!.id]).toBe(
      "Rescoring stopped; its reason quoted customers' data and was removed",
    );
    // Only rescoring kept them so; an import's reason was always the driver's own words.
    expect(errors[other!.id]).toBe(leaked);
    await t.db.delete(jobs).where(inArray(jobs.id, [old!.id, other!.id]));
  });

  it("gives the kind of failure to a job's reason stored before kinds were named", async () => {
    const values = { reason: "could not write to file", attempts: 5 };
    const [old, newer] = await t.db
      .insert(jobs)
      .values([
        {
          kind: "profiles.rescore",
          status: "failed",
          createdBy: "admin",
          error: "Rescoring stopped",
          detail: { errorSaid: { key: "rescoreStoppedGaveUp", values } },
        },
        {
          kind: "import",
          status: "failed",
          createdBy: "admin",
          error: "The import stopped",
          detail: {
            errorSaid: { key: "stoppedRetrying", values: { reason: "x", cause: "diskFull" } },
          },
        },
      ])
      .returning({ id: jobs.id });
    await t.db.execute(sql.raw(readFileSync("db/migrations/0029_stopped_cause.sql", "utf8")));
    const detail = Object.fromEntries(
      (await t.db.select({ id: jobs.id, detail: jobs.detail }).from(jobs)).map((j) => [
        j.id,
        j.detail,
      ]),
    );
    const said = (detail[old!.id] as { errorSaid: Said }).errorSaid;
    expect(said).toEqual({ key: "rescoreStoppedGaveUp", values: { ...values, cause: "other" } });
    const german = createTranslator({ locale: "de", messages: de, namespace: "importMessages" });
    expect(german(...sayArgs(said))).toBe(
      "Die Neubewertung wurde unterbrochen: could not write to file. Die Neubewertung wurde 5-mal versucht.",
    );
    // A kind already named is kept.
    expect(detail[newer!.id]).toEqual({
      errorSaid: { key: "stoppedRetrying", values: { reason: "x", cause: "diskFull" } },
    });
    await t.db.delete(jobs).where(inArray(jobs.id, [old!.id, newer!.id]));
  });

  it("refuses an empty or duplicated model and queues nothing", async () => {
    const jobsBefore = (await t.db.select().from(jobs)).length;
    await expect(setCompletenessModel(t.db, admin, { attributes: [] })).rejects.toThrow();
    await expect(
      setCompletenessModel(t.db, admin, {
        attributes: [
          { group: "contact", name: "email", weight: 1 },
          { group: "contact", name: "email", weight: 2 },
        ],
      }),
    ).rejects.toThrow(/attributeTwice/);
    await expect(
      setCompletenessModel(t.db, admin, {
        attributes: [{ group: "contact", name: "email", weight: 0 }],
      }),
    ).rejects.toThrow(/modelEmpty/);
    expect((await t.db.select().from(jobs)).length).toBe(jobsBefore);
  });
});
