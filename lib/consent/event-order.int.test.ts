import { count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consentEvents, consentTotals, settings } from "@/db/schema";
import { upgradeStoredData } from "@/lib/upgrade";
import { sortsByteByByte } from "./event-order";
import { feeder, system } from "@/tests/actors";
import type { Db } from "@/db/connect";
import { PurposeChangedError, PurposeRetiredError, RuleError } from "@/lib/errors";
import { rowsOf } from "@/lib/sql-rows";
import { toErrorResponse } from "@/lib/http";
import { deletePurpose, listPurposeVersions, updatePurpose } from "@/lib/purposes";
import { activePurpose } from "@/tests/purposes";
import { raceBehindHeldRow } from "@/tests/race";
import { createTestDatabase, testDriver, type TestDatabase } from "@/tests/database";
import { recordConsentEvents, resolveConsentEvents, storeConsentEvents } from "./ingest";
import { rawRatesAsOf } from "./recompute";

const now = new Date("2026-11-29T12:00:00Z");
let seq = 0;

const newPurpose = (t: TestDatabase) => activePurpose(t.db, `order-${++seq}`);

const at = "2026-06-01T10:00:00Z";
const event = (purpose: string, eventId: string, action: string) => ({
  eventId,
  subjectId: `s-${purpose}`,
  purpose,
  action,
  occurredAt: at,
  channel: "web",
  region: "DE",
});

/** The rollups' and the raw log's granted count for one purpose, as of the event's day. */
async function granted(t: TestDatabase, purposeId: string) {
  const [totals] = await t.db
    .select({ granted: sql<number>`sum(${consentTotals.granted})::int` })
    .from(consentTotals)
    .where(eq(consentTotals.purposeId, purposeId));
  const raw = (await rawRatesAsOf(t.db, "2026-06-01")).find((r) => r.purposeId === purposeId);
  return { rollups: Number(totals?.granted ?? 0), raw: raw?.granted ?? 0 };
}

/**
 * Two decisions of one customer at the same instant: the later eventId in byte order is the
 * latest (docs/metrics.md). "B-1" sorts before "a-1" in byte order and after it in English, so
 * the grant "a-1" is in force on every database, whatever its collation.
 */
async function expectByteOrder(t: TestDatabase) {
  const p = await newPurpose(t);
  await recordConsentEvents(
    t.db,
    feeder,
    [event(p.key, `a-1-${p.key}`, "grant"), event(p.key, `B-1-${p.key}`, "deny")],
    { now },
  );
  expect(await granted(t, p.id)).toEqual({ rollups: 1, raw: 1 });
  // Arriving the other way round gives the same answer.
  const q = await newPurpose(t);
  await recordConsentEvents(t.db, feeder, [event(q.key, `B-1-${q.key}`, "deny")], { now });
  await recordConsentEvents(t.db, feeder, [event(q.key, `a-1-${q.key}`, "grant")], { now });
  expect(await granted(t, q.id)).toEqual({ rollups: 1, raw: 1 });
}

describe(`the order of consent events on ${testDriver}`, () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t?.drop());

  it("breaks a same-instant tie by eventId in byte order", async () => {
    await expectByteOrder(t);
  });

  it.runIf(testDriver === "postgres")(
    "breaks it the same way in a database whose default collation sorts text in English order",
    async () => {
      const english = await createTestDatabase({ collation: "icu-en" });
      try {
        const [order] = rowsOf<{ first: string }>(
          await english.db.execute(sql`select min(x) as first from (values ('a'), ('B')) v(x)`),
        );
        // The database really sorts the English way, or the test proves nothing.
        expect(order?.first).toBe("a");
        await expectByteOrder(english);
      } finally {
        await english.drop();
      }
    },
  );

  it("builds the figures again once after the upgrade where the database sorted otherwise", async () => {
    for (const collation of testDriver === "postgres"
      ? [undefined, "icu-en" as const]
      : [undefined]) {
      const db = collation ? await createTestDatabase({ collation }) : t;
      try {
        const p = await activePurpose(db.db, `upgrade-${collation ?? "default"}`);
        // Decisions stored as the log had them before the upgrade, figures not built from them.
        await db.db.insert(consentEvents).values(
          ["a-1", "B-1"].map((eventId, i) => ({
            eventId,
            subjectId: "s-upgrade",
            purposeId: p.id,
            purposeVersion: 1,
            action: i === 0 ? ("grant" as const) : ("deny" as const),
            occurredAt: new Date(at),
            channel: "web" as const,
            region: "DE",
          })),
        );
        await db.db.delete(settings).where(eq(settings.key, "consent.eventOrder"));
        const rebuilt = await upgradeStoredData(db.db);
        const english = collation === "icu-en";
        expect(await sortsByteByByte(db.db)).toBe(!english);
        expect(rebuilt.consentReordered).toBe(english);
        // Built again, the figures are the log's, in byte order; left alone, they are as they were.
        expect(await granted(db, p.id)).toEqual({ rollups: english ? 1 : 0, raw: 1 });
        expect((await upgradeStoredData(db.db)).consentReordered).toBe(false);
      } finally {
        if (db !== t) await db.drop();
      }
    }
  });

  it("stores nothing of a checked batch for a purpose retired before the batch is stored", async () => {
    const p = await newPurpose(t);
    const resolved = await resolveConsentEvents(t.db, [event(p.key, `r-${p.key}`, "grant")], {
      now,
    });
    await updatePurpose(t.db, system, p.key, { version: 1, status: "retired" });
    const error = await storeConsentEvents(t.db, feeder, resolved).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PurposeRetiredError);
    expect((error as PurposeRetiredError).keys).toEqual([p.key]);
    expect(await storedFor(t, p.id)).toBe(0);
  });

  it.runIf(testDriver === "postgres")(
    "refuses a batch at its index when the purpose is retired while the batch waits to be stored",
    async () => {
      const p = await newPurpose(t);
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let locked!: () => void;
      const isLocked = new Promise<void>((resolve) => (locked = resolve));
      // An edit that retires the purpose holds its row until released.
      const retiring = t.db.transaction(async (tx) => {
        await tx.execute(sql`select 1 from purposes where id = ${p.id} for update`);
        locked();
        await held;
        await tx.execute(sql`update purposes set status = 'retired' where id = ${p.id}`);
      });
      await isLocked;
      // The batch is checked while the purpose is still active, then waits for the edit.
      const batch = recordConsentEvents(
        t.db,
        feeder,
        [event(p.key, `w-${p.key}`, "grant"), event(p.key, `v-${p.key}`, "deny")].map((e, i) =>
          i === 0 ? e : { ...e, subjectId: "another" },
        ),
        { now },
      ).catch((e: unknown) => e);
      await new Promise((resolve) => setTimeout(resolve, 300));
      release();
      await retiring;
      const error = await batch;
      expect(error).toBeInstanceOf(RuleError);
      expect((error as RuleError).issues.map((i) => i.path)).toEqual([
        "events.0.purpose",
        "events.1.purpose",
      ]);
      expect(await storedFor(t, p.id)).toBe(0);
    },
  );
});

describe(`a purpose edited or deleted while a batch of its events waits, on ${testDriver}`, () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t?.drop());

  /** An edit of `key` in force from before the events (2026-05-01), from a version 1. */
  const edit = (db: Db, key: string) =>
    updatePurpose(
      db,
      system,
      key,
      { version: 1, name: `${key}, renamed` },
      new Date("2026-05-01T00:00:00Z"),
    );

  it("stores nothing of a batch checked before a version in force at its events, then stores it on that version", async () => {
    const p = await newPurpose(t);
    const resolved = await resolveConsentEvents(t.db, [event(p.key, `e-${p.key}`, "grant")], {
      now,
    });
    expect(resolved.map((e) => e.purposeVersion)).toEqual([1]);
    await edit(t.db, p.key);
    const error = await storeConsentEvents(t.db, feeder, resolved).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PurposeChangedError);
    expect(error).not.toBeInstanceOf(PurposeRetiredError);
    expect(await storedFor(t, p.id)).toBe(0);
    // Checked again, as every path that stores events does: on version 2.
    await recordConsentEvents(t.db, feeder, [event(p.key, `e-${p.key}`, "grant")], { now });
    expect(await versionsStored(t, p.id)).toEqual([2]);
  });

  it("refuses a batch (409) rather than check it again forever when the catalog keeps moving", async () => {
    const p = await newPurpose(t);
    // A hand edit (or a partial restore) left the purpose at a version that has no row: every
    // check sees version 1 as the newest, every store finds the purpose past it.
    await t.db.execute(sql`update purposes set version = 5 where id = ${p.id}`);
    const error = await recordConsentEvents(t.db, feeder, [event(p.key, `m-${p.key}`, "grant")], {
      now,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PurposeChangedError);
    expect(toErrorResponse(error).status).toBe(409);
    expect(await storedFor(t, p.id)).toBe(0);
  }, 20_000);

  it("puts an event on the newest version stamped before it, when two servers' clocks ran apart", async () => {
    const p = await newPurpose(t);
    // Version 2 saved by a server whose clock ran ahead, version 3 by one whose clock did not:
    // the later save is stamped after the one before it, not before.
    await updatePurpose(
      t.db,
      system,
      p.key,
      { version: 1, name: "v2" },
      new Date("2026-06-01T10:00:00.500Z"),
    );
    const v3 = await updatePurpose(
      t.db,
      system,
      p.key,
      { version: 2, name: "v3" },
      new Date("2026-06-01T10:00:00.200Z"),
    );
    const stamps = (await listPurposeVersions(t.db, p.key)).map((v) => [v.version, v.validFrom]);
    expect(stamps).toEqual([
      [1, "2026-01-01T00:00:00.000Z"],
      [2, "2026-06-01T10:00:00.500Z"],
      [3, "2026-06-01T10:00:00.501Z"],
    ]);
    expect(v3.version).toBe(3);
    await recordConsentEvents(
      t.db,
      feeder,
      [{ ...event(p.key, `late-${p.key}`, "grant"), occurredAt: "2026-06-01T10:00:01Z" }],
      { now },
    );
    expect(await versionsStored(t, p.id)).toEqual([3]);
  });

  it.runIf(testDriver === "postgres")(
    "stores a batch that waited for an edit on the version the edit made",
    async () => {
      const p = await newPurpose(t);
      // The edit holds the purpose (its version 2 in force from 2026-05-01) until released; the
      // batch, checked meanwhile, saw version 1 only.
      const result = (
        await raceBehindHeldRow(
          t,
          (tx) => edit(tx, p.key),
          [() => recordConsentEvents(t.db, feeder, [event(p.key, `w-${p.key}`, "grant")], { now })],
          "commit",
        )
      )[0]!;
      expect(result.status).toBe("fulfilled");
      expect(await versionsStored(t, p.id)).toEqual([2]);
    },
  );

  it.runIf(testDriver === "postgres")(
    "refuses a batch that waited for its purpose's delete at its index, not with a server error",
    async () => {
      const p = await newPurpose(t);
      const result = (
        await raceBehindHeldRow(
          t,
          (tx) => deletePurpose(tx, system, p.key),
          [() => recordConsentEvents(t.db, feeder, [event(p.key, `d-${p.key}`, "grant")], { now })],
          "commit",
        )
      )[0]!;
      expect(result.status).toBe("rejected");
      const error = (result as PromiseRejectedResult).reason as unknown;
      expect(error).toBeInstanceOf(RuleError);
      expect((error as RuleError).issues.map((i) => [i.path, i.message])).toEqual([
        ["events.0.purpose", `Unknown purpose "${p.key}"`],
      ]);
    },
  );
});

/** The purpose versions a purpose's stored events carry, in eventId order. */
async function versionsStored(t: TestDatabase, purposeId: string) {
  const rows = await t.db
    .select({ version: consentEvents.purposeVersion })
    .from(consentEvents)
    .where(eq(consentEvents.purposeId, purposeId))
    .orderBy(consentEvents.eventId);
  return rows.map((r) => r.version);
}

async function storedFor(t: TestDatabase, purposeId: string) {
  const [stored] = await t.db
    .select({ n: count() })
    .from(consentEvents)
    .where(eq(consentEvents.purposeId, purposeId));
  return stored?.n;
}
