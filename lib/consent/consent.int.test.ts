import { and, eq, inArray, lte, sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  auditEvents,
  consentDaily,
  consentEvents,
  consentRollups,
  consentTotals,
} from "@/db/schema";
import { IMPORT_BATCH } from "./schema";
import { feeder, system } from "@/tests/actors";
import { RuleError, type Issue } from "@/lib/errors";
import { getConsentMetrics } from "@/lib/metrics/consent";
import { toErrorResponse } from "@/lib/http";
import { updatePurpose } from "@/lib/purposes";
import { createTestDatabase, testDriver, type TestDatabase } from "@/tests/database";
import { activePurpose } from "@/tests/purposes";
import {
  rebuildConsentRollups,
  recordConsentEvents,
  resolveConsentEvents,
  storeConsentEvents,
} from "./ingest";
import { rawRatesAsOf } from "./recompute";

let t: TestDatabase;
const admin = system;
const ingest = feeder;
const now = new Date("2026-11-29T12:00:00Z");
let purposeSeq = 0;

const newPurpose = () => activePurpose(t.db, `p${++purposeSeq}-${Date.now().toString(36)}`);

type Sums = { purposeId: string; decided: number | string; granted: number | string }[];

/** Per-purpose sums in one comparable form: numbers, zero rows dropped, sorted by purpose. */
function comparable(rows: Sums) {
  return rows
    .map((r) => ({
      purposeId: r.purposeId,
      decided: Number(r.decided),
      granted: Number(r.granted),
    }))
    .filter((r) => r.decided !== 0 || r.granted !== 0)
    .sort((a, b) => (a.purposeId < b.purposeId ? -1 : 1));
}

/** Selects, per purpose, the decided and granted counts of one of the rollup tables summed. */
function purposeSums(table: typeof consentRollups | typeof consentDaily | typeof consentTotals) {
  return {
    purposeId: table.purposeId,
    decided: sql<number>`sum(${table.decided})::float8`,
    granted: sql<number>`sum(${table.granted})::float8`,
  };
}

/** Rollup answer as of the end of `day` for some purposes (optionally one region). */
async function rollupRates(purposeIds: string[], day: string, region?: string) {
  const rows = await t.db
    .select(purposeSums(consentRollups))
    .from(consentRollups)
    .where(
      and(
        inArray(consentRollups.purposeId, purposeIds),
        lte(consentRollups.day, day),
        region ? eq(consentRollups.region, region) : undefined,
      ),
    )
    .groupBy(consentRollups.purposeId);
  return comparable(rows);
}

/** The per-purpose daily table as of the end of `day`: must equal the fine rollups summed. */
async function dailyRates(purposeIds: string[], day: string) {
  const rows = await t.db
    .select(purposeSums(consentDaily))
    .from(consentDaily)
    .where(and(inArray(consentDaily.purposeId, purposeIds), lte(consentDaily.day, day)))
    .groupBy(consentDaily.purposeId);
  return comparable(rows);
}

/** The all-time totals, which must equal the sum of every daily delta. */
async function totals(purposeIds: string[]) {
  const rows = await t.db
    .select(purposeSums(consentTotals))
    .from(consentTotals)
    .where(inArray(consentTotals.purposeId, purposeIds))
    .groupBy(consentTotals.purposeId);
  return comparable(rows);
}

/** The grants and refusals of a purpose's log that occurred from `from` to `to` (UTC days). */
async function rawAnswers(purposeId: string, from: string, to: string, region?: string) {
  const [row] = await t.db
    .select({
      grants: sql<number>`(count(*) filter (where ${consentEvents.action} = 'grant'))::int`,
      denies: sql<number>`(count(*) filter (where ${consentEvents.action} = 'deny'))::int`,
    })
    .from(consentEvents)
    .where(
      and(
        eq(consentEvents.purposeId, purposeId),
        region ? eq(consentEvents.region, region) : undefined,
        sql`${consentEvents.occurredAt} >= ${from}::date::timestamp at time zone 'UTC'`,
        sql`${consentEvents.occurredAt} < (${to}::date + 1)::timestamp at time zone 'UTC'`,
      ),
    );
  return { grants: row?.grants ?? 0, denies: row?.denies ?? 0 };
}

async function rawRates(purposeIds: string[], day: string, region?: string) {
  return (await rawRatesAsOf(t.db, day, { region })).filter((r) =>
    purposeIds.includes(r.purposeId),
  );
}

const event = (over: Record<string, unknown> = {}) => ({
  eventId: `e-${Math.random().toString(36).slice(2)}`,
  subjectId: "s-1",
  action: "grant",
  occurredAt: "2026-06-01T10:00:00Z",
  channel: "web",
  region: "DE",
  ...over,
});

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.drop());

describe(`consent ingestion on ${testDriver}`, () => {
  it("rollups answer exactly what the raw log answers, for random streams in any arrival order", async () => {
    const days = Array.from({ length: 12 }, (_, i) => `2026-03-${String(i + 1).padStart(2, "0")}`);
    const arbEvent = fc.record({
      subject: fc.integer({ min: 1, max: 6 }),
      purpose: fc.integer({ min: 0, max: 1 }),
      // From 17 February (-3): before the range before the dashboard's range below.
      day: fc.integer({ min: -3, max: days.length - 1 }),
      hour: fc.integer({ min: 0, max: 23 }),
      action: fc.constantFrom("grant", "deny", "withdraw"),
      region: fc.constantFrom("DE", "FR", "US-CA"),
      channel: fc.constantFrom("web", "app", "email"),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(arbEvent, { minLength: 1, maxLength: 40 }),
        fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 10 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.array(fc.nat(), { maxLength: 5 }),
        async (stream, batchSizes, seed, repeats) => {
          const ps = [await newPurpose(), await newPurpose()];
          const run = purposeSeq;
          const events = stream.map((e, i) => ({
            eventId: `r${run}-${i}`,
            subjectId: `s${e.subject}`,
            purpose: ps[e.purpose]!.key,
            action: e.action,
            occurredAt: `${e.day < 0 ? `2026-02-${20 + e.day}` : days[e.day]}T${String(e.hour).padStart(2, "0")}:00:00Z`,
            region: e.region,
            channel: e.channel,
          }));
          // Clients resend: some eventIds arrive again, with other content, maybe in the same batch.
          for (const r of repeats) {
            const original = events[r % events.length]!;
            events.push({ ...original, action: original.action === "grant" ? "deny" : "grant" });
          }
          // Shuffle the arrival order deterministically from the seed, then send in batches.
          const shuffled = [...events];
          let x = seed || 1;
          for (let i = shuffled.length - 1; i > 0; i--) {
            x = (x * 1103515245 + 12345) % 2 ** 31;
            const j = x % (i + 1);
            [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
          }
          for (let i = 0, b = 0; i < shuffled.length; b++) {
            const size = batchSizes[b % batchSizes.length]!;
            await recordConsentEvents(t.db, ingest, shuffled.slice(i, i + size), { now });
            i += size;
          }
          const ids = ps.map((p) => p.id);
          for (const day of [days[0]!, days[5]!, days[11]!]) {
            expect(await rollupRates(ids, day)).toEqual(await rawRates(ids, day));
            expect(await rollupRates(ids, day, "DE")).toEqual(await rawRates(ids, day, "DE"));
          }
          expect(await totals(ids)).toEqual(await rollupRates(ids, "2100-01-01"));
          expect(await dailyRates(ids, days[5]!)).toEqual(await rollupRates(ids, days[5]!));
          // The dashboard's figures, whose reads sum the rollups a period at a time: a week by
          // week range (Tuesday 3 to Tuesday 10 March; its first week ends on Sunday the 8th)
          // with events before the range before it (from 17 February), in that range, in the
          // range and after it. Each point is the raw log's state as of its day, with the
          // answers given in its week; so is the range before. Per purpose, on the per-purpose
          // daily table and, for a region, on the fine rollups; and every purpose at once.
          const filter = {
            from: days[2]!,
            to: days[9]!,
            interval: "week",
            definition: "acceptance-rate",
          } as const;
          for (const p of ps) {
            for (const region of [undefined, "DE"]) {
              const m = await getConsentMetrics(
                t.db,
                { ...filter, purpose: p.key, ...(region ? { region } : {}) },
                "2026-03-31",
              );
              const figure = async (from: string, to: string) => {
                const [raw] = (await rawRates([p.id], to, region)).filter((r) => r.decided > 0);
                const answers = await rawAnswers(p.id, from, to, region);
                return {
                  granted: raw?.granted ?? 0,
                  decided: raw?.decided ?? 0,
                  numerator: answers.grants,
                  denominator: answers.grants + answers.denies,
                };
              };
              const [shown] = m.purposes;
              expect(shown!.series.map((point) => point.date)).toEqual([days[7], days[9]]);
              expect(shown!.series[0]!).toMatchObject(await figure(days[2]!, days[7]!));
              expect(shown!.series[1]!).toMatchObject(await figure(days[8]!, days[9]!));
              expect(shown!).toMatchObject(await figure(days[2]!, days[9]!));
              expect(m.previous).toMatchObject({ from: "2026-02-23", to: days[1] });
              expect(m.previous.overall).toMatchObject(await figure("2026-02-23", days[1]!));
            }
          }
          const all = await getConsentMetrics(t.db, filter, "2026-03-31");
          for (const p of ps) {
            const alone = await getConsentMetrics(
              t.db,
              { ...filter, purpose: p.key },
              "2026-03-31",
            );
            expect(all.purposes.find((q) => q.key === p.key)?.series).toEqual(
              alone.purposes[0]!.series,
            );
          }
        },
      ),
      { numRuns: testDriver === "pglite" ? 15 : 25, seed: 20261129 },
    );
  }, 180_000);

  it("stores a repeated eventId once, across batches and under concurrent identical requests", async () => {
    const p = await newPurpose();
    const batch = Array.from({ length: 50 }, (_, i) =>
      event({
        eventId: `dup-${p.key}-${i}`,
        subjectId: `s${i % 7}`,
        purpose: p.key,
        action: i % 3 ? "grant" : "deny",
        occurredAt: `2026-05-${String((i % 28) + 1).padStart(2, "0")}T08:00:00Z`,
      }),
    );
    const results = await Promise.all(
      [1, 2, 3].map(() => recordConsentEvents(t.db, ingest, batch, { now })),
    );
    expect(results.reduce((s, r) => s + r.accepted, 0)).toBe(50);
    expect(results.reduce((s, r) => s + r.duplicates, 0)).toBe(100);
    const again = await recordConsentEvents(t.db, ingest, batch.slice(0, 10), { now });
    expect(again).toEqual({ accepted: 0, duplicates: 10 });
    const [stored] = await t.db
      .select({ n: sql<number>`count(*)::int` })
      .from(consentEvents)
      .where(eq(consentEvents.purposeId, p.id));
    expect(stored?.n).toBe(50);
    expect(await rollupRates([p.id], "2026-12-31")).toEqual(await rawRates([p.id], "2026-12-31"));
  });

  it("keeps the rollups exact when concurrent batches interleave events of the same customers", async () => {
    // Each batch must read a customer's earlier events only after it holds that customer's lock;
    // if the insert ran before the lock (or without it), batches committing meanwhile would be
    // missed and the corrections would drift from the log. Only PostgreSQL can show it: PGlite
    // runs one statement at a time, so there it always passes.
    const p = await newPurpose();
    const batches = Array.from({ length: 8 }, (_, b) =>
      Array.from({ length: 30 }, (_, i) =>
        event({
          eventId: `inter-${p.key}-${b}-${i}`,
          subjectId: `c${(i * 7 + b) % 5}`,
          purpose: p.key,
          action: (i + b) % 3 === 0 ? "deny" : (i + b) % 5 === 0 ? "withdraw" : "grant",
          occurredAt: `2026-0${(i % 9) + 1}-${String(((i * 11 + b * 5) % 28) + 1).padStart(2, "0")}T0${b}:00:00Z`,
        }),
      ),
    );
    const results = await Promise.all(
      batches.map((b) => recordConsentEvents(t.db, ingest, b, { now })),
    );
    expect(results.reduce((s, r) => s + r.accepted, 0)).toBe(240);
    for (const day of ["2026-03-15", "2026-06-30", "2026-12-31"]) {
      expect(await rollupRates([p.id], day)).toEqual(await rawRates([p.id], day));
    }
  });

  it("rejects the whole batch when any event is invalid, listing each bad index, and writes nothing", async () => {
    const p = await newPurpose();
    const batch = [
      event({ purpose: p.key, eventId: `ok-${p.key}` }),
      event({ purpose: p.key, action: "maybe" }),
      event({ purpose: "no-such-purpose" }),
      event({ purpose: p.key, occurredAt: "2026-11-29T12:06:00Z" }), // 6 minutes ahead of `now`
      event({ purpose: p.key, region: "germany" }),
    ];
    const error = await recordConsentEvents(t.db, ingest, batch, { now }).catch((e) => e);
    expect(error).toBeInstanceOf(RuleError);
    expect(error.issues.map((i: { path: string }) => i.path)).toEqual([
      "events.1.action",
      "events.2.purpose",
      "events.3.occurredAt",
      "events.4.region",
    ]);
    const [stored] = await t.db
      .select({ n: sql<number>`count(*)::int` })
      .from(consentEvents)
      .where(eq(consentEvents.purposeId, p.id));
    expect(stored?.n).toBe(0);
  });

  it("names a field of the wrong type and fields an event does not have from the catalog, not in zod's words", async () => {
    const p = await newPurpose();
    const { region: _region, ...withoutRegion } = event({ purpose: p.key });
    const batch = [
      event({ purpose: p.key, gpc: "yes", noticeVersion: 3 }),
      { ...event({ purpose: p.key }), consent: true, Purpose: "x" },
      withoutRegion,
      "grant",
    ];
    const error = await recordConsentEvents(t.db, ingest, batch, { now }).catch((e) => e);
    expect(error).toBeInstanceOf(RuleError);
    expect(
      error.issues.map((i: Issue) => ({ path: i.path, message: i.message, key: i.said?.key })),
    ).toEqual([
      { path: "events.0.gpc", message: "Must be true or false", key: "wrongType" },
      { path: "events.0.noticeVersion", message: "Must be text in quotes", key: "wrongType" },
      {
        path: "events.1",
        message: 'Unknown fields "consent", "Purpose": remove them or check their spelling',
        key: "unknownFields",
      },
      { path: "events.2.region", message: "validation.regionCode", key: undefined },
      { path: "events.3", message: "Must be an object in curly braces", key: "wrongType" },
    ]);
  });

  it("refuses a purpose or source key that cannot be stored at its field, storing nothing", async () => {
    const p = await newPurpose();
    const error = await recordConsentEvents(
      t.db,
      ingest,
      [
        event({ purpose: p.key, eventId: "nul-0" }),
        event({ purpose: `${p.key}\u0000`, eventId: "nul-1" }),
        event({ purpose: p.key, eventId: "nul-2", source: "shop\ud800" }),
      ],
      { now },
    ).catch((e) => e);
    expect(error).toBeInstanceOf(RuleError);
    expect((error as RuleError).issues.map((i) => [i.path, i.message])).toEqual([
      ["events.1.purpose", "validation.unstorableText"],
      ["events.2.source", "validation.unstorableText"],
    ]);
    const stored = await t.db.select().from(consentEvents).where(eq(consentEvents.purposeId, p.id));
    expect(stored).toEqual([]);
  });

  it("refuses a decision dated before 1900 at its field (PostgreSQL has no year 0), storing nothing", async () => {
    const p = await newPurpose();
    const batch = [
      event({ purpose: p.key, eventId: "y-ok", occurredAt: "1900-01-01T00:00:00Z" }),
      event({ purpose: p.key, eventId: "y-0", occurredAt: "0000-01-01T00:00:00Z" }),
      // Year 1 by its own clock, year 0 in UTC.
      event({ purpose: p.key, eventId: "y-1", occurredAt: "0001-01-01T00:30:00+01:00" }),
      event({ purpose: p.key, eventId: "y-26", occurredAt: "0026-11-29T10:00:00Z" }),
    ];
    const error = await recordConsentEvents(t.db, ingest, batch, { now }).catch((e) => e);
    expect(error).toBeInstanceOf(RuleError);
    expect((error as RuleError).issues.map((i) => [i.path, i.message])).toEqual([
      ["events.1.occurredAt", "validation.consentOccurredAtEarly"],
      ["events.2.occurredAt", "validation.consentOccurredAtEarly"],
      ["events.3.occurredAt", "validation.consentOccurredAtEarly"],
    ]);
    const stored = await t.db.select().from(consentEvents).where(eq(consentEvents.purposeId, p.id));
    expect(stored).toEqual([]);
    // 1900 itself is stored.
    expect((await recordConsentEvents(t.db, ingest, [batch[0]!], { now })).accepted).toBe(1);
  });

  it("answers 422, not 500, for a date the database refuses that no schema bounded", async () => {
    const refused = await t.db.execute(sql`select '0000-01-01'::date`).catch((e) => e);
    const response = toErrorResponse(refused);
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({
      error: "A date is outside the range that can be stored; nothing was written",
      issues: [],
    });
  });

  it("refuses events for a retired purpose", async () => {
    const p = await newPurpose();
    await updatePurpose(t.db, admin, p.key, { version: 1, status: "retired" });
    const error = await recordConsentEvents(t.db, ingest, [event({ purpose: p.key })], {
      now,
    }).catch((e) => e);
    expect(error).toBeInstanceOf(RuleError);
    expect(error.issues[0].message).toMatch(/retired/);
  });

  it("stores the purpose version in force at occurredAt, and version 1 for older history", async () => {
    const p = await newPurpose(); // version 1 valid from 2026-01-01
    await updatePurpose(
      t.db,
      admin,
      p.key,
      { version: 1, name: "Renamed" },
      new Date("2026-07-01T00:00:00Z"),
    );
    await recordConsentEvents(
      t.db,
      ingest,
      [
        event({ purpose: p.key, eventId: `${p.key}-old`, occurredAt: "2024-05-01T00:00:00Z" }),
        event({ purpose: p.key, eventId: `${p.key}-v1`, occurredAt: "2026-03-01T00:00:00Z" }),
        event({ purpose: p.key, eventId: `${p.key}-v2`, occurredAt: "2026-08-01T00:00:00Z" }),
      ],
      { now },
    );
    const rows = await t.db
      .select({ eventId: consentEvents.eventId, v: consentEvents.purposeVersion })
      .from(consentEvents)
      .where(eq(consentEvents.purposeId, p.id))
      .orderBy(consentEvents.occurredAt);
    expect(rows.map((r) => r.v)).toEqual([1, 1, 2]);
  });

  it("records GPC from the event or from the request's Sec-GPC header", async () => {
    const p = await newPurpose();
    await recordConsentEvents(
      t.db,
      ingest,
      [
        event({ purpose: p.key, gpc: true, eventId: `${p.key}-a` }),
        event({ purpose: p.key, subjectId: "s-2", eventId: `${p.key}-b` }),
      ],
      { now },
    );
    await recordConsentEvents(
      t.db,
      ingest,
      [event({ purpose: p.key, subjectId: "s-3", eventId: `${p.key}-c`, action: "deny" })],
      { now, gpcHeader: true },
    );
    const rows = await t.db
      .select({ gpc: consentEvents.gpc })
      .from(consentEvents)
      .where(eq(consentEvents.purposeId, p.id))
      .orderBy(consentEvents.eventId);
    expect(rows.map((r) => r.gpc)).toEqual([true, false, true]);
    const metrics = await getConsentMetrics(
      t.db,
      { purpose: p.key, from: "2026-06-01", to: "2026-06-01", interval: "day" },
      "2026-11-29",
    );
    expect(metrics.events).toEqual({ grant: 2, deny: 1, withdraw: 0 });
    expect(metrics.gpcShare).toBeCloseTo(2 / 3);
    expect(metrics.purposes[0]).toMatchObject({ rate: 2 / 3, granted: 2, decided: 3 });
  });

  it("keeps a channel in the breakdown whose grants one batch both made and undid", async () => {
    const p = await newPurpose();
    // A history import in one batch: granted in the store, withdrawn by e-mail a week later.
    await recordConsentEvents(
      t.db,
      ingest,
      [
        event({
          purpose: p.key,
          subjectId: "h-1",
          eventId: `${p.key}-store`,
          occurredAt: "2026-11-03T09:00:00Z",
          region: "DE",
          channel: "store",
          action: "grant",
        }),
        event({
          purpose: p.key,
          subjectId: "h-1",
          eventId: `${p.key}-mail`,
          occurredAt: "2026-11-10T09:00:00Z",
          region: "FR",
          channel: "email",
          action: "withdraw",
        }),
      ],
      { now },
    );
    const asOf = (to: string) =>
      getConsentMetrics(
        t.db,
        { purpose: p.key, from: "2026-11-01", to, interval: "week" },
        "2026-11-29",
      );
    const between = await asOf("2026-11-08");
    // On 11-08 the store's grant still stands, in its region and its channel.
    expect(between.purposes[0]).toMatchObject({ granted: 1, decided: 1 });
    expect(between.byChannel.map((c) => [c.channel, c.granted, c.decided])).toEqual([
      ["store", 1, 1],
    ]);
    expect(between.byRegion.map((r) => [r.region, r.granted, r.decided])).toEqual([["DE", 1, 1]]);
    const after = await asOf("2026-11-20");
    expect(after.byChannel.map((c) => [c.channel, c.granted, c.decided])).toEqual([
      ["email", 0, 1],
    ]);
  });

  it("stores a batch larger than one statement in several, audited once with what all of them stored", async () => {
    // An import's batch whose rows carry signals holds more events than one statement takes
    // (IMPORT_BATCH): the statements update the same rollup rows, and the last writes the audit.
    const p = await newPurpose();
    const days = ["2026-10-01", "2026-10-02", "2026-10-03"];
    const events = Array.from({ length: IMPORT_BATCH + 50 }, (_, i) =>
      event({
        purpose: p.key,
        eventId: `${p.key}-big-${i}`,
        subjectId: `${p.key}-c-${i % 700}`,
        action: ["grant", "deny", "withdraw"][i % 3],
        occurredAt: `${days[i % 3]}T${String(i % 24).padStart(2, "0")}:00:${String(i % 60).padStart(2, "0")}Z`,
        region: i % 2 ? "DE" : "FR",
      }),
    );
    // 30 of them stored before, by a batch of their own.
    await recordConsentEvents(t.db, ingest, events.slice(IMPORT_BATCH + 20), { now });
    const result = await storeConsentEvents(
      t.db,
      ingest,
      await resolveConsentEvents(t.db, events, { now }),
      { auditDetail: { importId: `${p.key}-import` } },
    );
    expect(result).toEqual({ accepted: IMPORT_BATCH + 20, duplicates: 30 });
    const audited = await t.db
      .select({ detail: auditEvents.detail })
      .from(auditEvents)
      .where(sql`${auditEvents.detail}->>'importId' = ${`${p.key}-import`}`);
    expect(audited).toEqual([
      {
        detail: {
          received: IMPORT_BATCH + 50,
          accepted: IMPORT_BATCH + 20,
          duplicates: 30,
          importId: `${p.key}-import`,
        },
      },
    ]);
    for (const day of days) {
      expect(await rollupRates([p.id], day)).toEqual(await rawRates([p.id], day));
      expect(await dailyRates([p.id], day)).toEqual(await rawRates([p.id], day));
    }
    expect(await totals([p.id])).toEqual(await rawRates([p.id], "2026-12-31"));
  }, 120_000);

  it("serves the documented metrics shape (docs/api.md), and a full rebuild gives the same rollups", async () => {
    const p = await newPurpose();
    await recordConsentEvents(
      t.db,
      ingest,
      [
        event({
          purpose: p.key,
          subjectId: "a",
          eventId: `${p.key}-1`,
          occurredAt: "2026-09-01T09:00:00Z",
          region: "DE",
          channel: "web",
        }),
        event({
          purpose: p.key,
          subjectId: "b",
          eventId: `${p.key}-2`,
          occurredAt: "2026-09-02T09:00:00Z",
          region: "US-CA",
          channel: "app",
          action: "deny",
        }),
        event({
          purpose: p.key,
          subjectId: "a",
          eventId: `${p.key}-3`,
          occurredAt: "2026-09-10T09:00:00Z",
          region: "DE",
          channel: "email",
          action: "withdraw",
        }),
      ],
      { now },
    );
    const m = await getConsentMetrics(
      t.db,
      { purpose: p.key, from: "2026-09-01", to: "2026-09-30", interval: "week" },
      "2026-11-29",
    );
    expect(m.purposes[0]!.series.map((s) => [s.date, s.rate])).toEqual([
      ["2026-09-06", 0.5],
      ["2026-09-13", 0],
      ["2026-09-20", 0],
      ["2026-09-27", 0],
      ["2026-09-30", 0],
    ]);
    expect(m.byRegion).toEqual([
      { region: "DE", rate: 0, granted: 0, decided: 1, numerator: 0, denominator: 1 },
      { region: "US-CA", rate: 0, granted: 0, decided: 1, numerator: 0, denominator: 1 },
    ]);
    expect(m.byChannel.map((c) => c.channel).sort()).toEqual(["app", "email"]);
    const before = await rollupRates([p.id], "2026-12-31");
    await rebuildConsentRollups(t.db);
    expect(await rollupRates([p.id], "2026-12-31")).toEqual(before);
  });
});
