/**
 * A batch of 5,000 distinct customers takes at most SUBJECT_LOCK_BUCKETS advisory locks, so
 * ingestion cannot fill PostgreSQL's shared lock table (64 × 100 slots by default), and still
 * stores every event and profile. On PostgreSQL the ingest is caught mid-way: another connection
 * holds the highest bucket the batch needs, and pg_locks shows what the ingest holds meanwhile.
 */
import { count, eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Tx } from "@/db/connect";
import { consentEvents, profiles } from "@/db/schema";
import { feeder, system } from "@/tests/actors";
import { lockConsentSubjects, recordConsentEvents } from "@/lib/consent/ingest";
import { rowsOf } from "@/lib/sql-rows";
import { upsertProfiles } from "@/lib/profiles/ingest";
import { createPurpose } from "@/lib/purposes";
import { createTestDatabase, testDriver, type TestDatabase } from "@/tests/database";
import {
  lockSubjects,
  SUBJECT_LOCK_BUCKETS,
  SUBJECT_LOCK_SPACE,
  subjectLockBucket,
} from "./subject-lock";

let t: TestDatabase;
const now = new Date("2026-11-29T12:00:00Z");
const subjects = (prefix: string) => Array.from({ length: 5_000 }, (_, i) => `${prefix}-${i}`);

beforeAll(async () => {
  t = await createTestDatabase();
  await createPurpose(
    t.db,
    system,
    {
      key: "newsletter",
      name: "Newsletter",
      functionalArea: "marketing",
      legalBasis: "contract",
      retentionDays: 30,
      status: "active",
    },
    new Date("2026-01-01T00:00:00Z"),
  );
}, 60_000);
afterAll(async () => {
  await t?.drop();
});

/** How many advisory locks the transaction's own backend holds. */
async function advisoryLocksHeld(tx: Tx) {
  const rows = await tx.execute<{ n: number }>(
    sql`select count(*)::int as n from pg_locks
        where locktype = 'advisory' and pid = pg_backend_pid()`,
  );
  const list = Array.isArray(rows) ? rows : (rows as unknown as { rows: unknown[] }).rows;
  return Number((list as { n: number | string }[])[0]!.n);
}

describe("subject locks", () => {
  it("caps the buckets at 256, each subject always in the same one", () => {
    expect(SUBJECT_LOCK_BUCKETS).toBe(256);
    const buckets = subjects("c").map(subjectLockBucket);
    expect(new Set(buckets).size).toBe(SUBJECT_LOCK_BUCKETS);
    expect(Math.min(...buckets)).toBe(0);
    expect(Math.max(...buckets)).toBe(SUBJECT_LOCK_BUCKETS - 1);
    expect(subjectLockBucket("c-17")).toBe(subjectLockBucket("c-17"));
    // The same in every version: two instances a rolling upgrade runs side by side lock alike.
    expect(["c-17", "cust-1", "ü-ß"].map(subjectLockBucket)).toEqual([181, 231, 198]);
  });

  it("takes at most one advisory lock per bucket for 5,000 distinct subjects", async () => {
    const held = await t.db.transaction(async (tx) => {
      await lockSubjects(tx, subjects("a"));
      return advisoryLocksHeld(tx);
    });
    expect(held).toBeGreaterThan(0);
    expect(held).toBeLessThanOrEqual(256);
  });
});

describe("subject locks within one transaction", () => {
  it("asks the database only for buckets the transaction does not hold yet", async () => {
    const first = ["held-1", "held-2", "held-3"];
    const more = Array.from({ length: 40 }, (_, i) => `more-${i}`).filter(
      (id) => !first.some((f) => subjectLockBucket(f) === subjectLockBucket(id)),
    );
    await t.db.transaction(async (tx) => {
      const execute = vi.spyOn(tx, "execute");
      await lockSubjects(tx, first);
      expect(execute).toHaveBeenCalledTimes(1);
      expect(await advisoryLocksHeld(tx)).toBe(new Set(first.map(subjectLockBucket)).size);
      execute.mockClear();
      // The same customers again (a batch's consent after its profiles): nothing is sent.
      await lockSubjects(tx, [...first].reverse());
      expect(execute).not.toHaveBeenCalled();
      // With others: one statement, for those others' buckets, which are then held too.
      await lockSubjects(tx, [...first, ...more]);
      expect(execute).toHaveBeenCalledTimes(1);
      const buckets = new Set([...first, ...more].map(subjectLockBucket));
      expect(await advisoryLocksHeld(tx)).toBe(buckets.size);
      execute.mockRestore();
    });
    // A new transaction holds nothing yet: it asks again.
    await t.db.transaction(async (tx) => {
      const execute = vi.spyOn(tx, "execute");
      await lockSubjects(tx, first);
      expect(execute).toHaveBeenCalledTimes(1);
      execute.mockRestore();
    });
  });
});

/**
 * Runs `ingest` while another connection holds the highest bucket `ids` need, waits until the
 * ingest queues for it, and returns the ingest backend's advisory locks at that moment.
 */
async function locksMidway<T>(ids: string[], ingest: () => Promise<T>) {
  const observer = postgres(t.url!, { max: 1, onnotice: () => {} });
  try {
    const last = Math.max(...ids.map(subjectLockBucket));
    await observer`select pg_advisory_lock(${SUBJECT_LOCK_SPACE}::int, ${last}::int)`;
    const running = ingest();
    let rows: { pid: number; granted: boolean; space: number; bucket: number }[] = [];
    for (let i = 0; i < 400; i++) {
      rows = await observer`
        select pid, granted, classid::int as space, objid::int as bucket from pg_locks
        where locktype = 'advisory' and pid <> pg_backend_pid()
          and database = (select oid from pg_database where datname = current_database())`;
      if (rows.some((r) => !r.granted)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await observer`select pg_advisory_unlock(${SUBJECT_LOCK_SPACE}::int, ${last}::int)`;
    return { rows, last, result: await running };
  } finally {
    await observer.end();
  }
}

describe.runIf(testDriver === "postgres")(
  "ingest of 5,000 distinct customers on PostgreSQL",
  () => {
    it("consent events: at most 256 advisory locks, all stored", async () => {
      const ids = subjects("consent");
      const events = ids.map((subjectId, i) => ({
        eventId: `lock-${i}`,
        subjectId,
        purpose: "newsletter",
        action: i % 3 === 0 ? "deny" : "grant",
        occurredAt: "2026-11-01T10:00:00Z",
        channel: "web",
        region: "DE",
      }));
      const { rows, last, result } = await locksMidway(ids, () =>
        recordConsentEvents(t.db, feeder, events, { now }),
      );
      const waiting = rows.filter((r) => !r.granted);
      expect(waiting).toEqual([
        { pid: waiting[0]!.pid, granted: false, space: SUBJECT_LOCK_SPACE, bucket: last },
      ]);
      const mine = rows.filter((r) => r.pid === waiting[0]!.pid);
      expect(mine.length).toBe(new Set(ids.map(subjectLockBucket)).size); // all but one held, one queued
      expect(mine.length).toBeLessThanOrEqual(SUBJECT_LOCK_BUCKETS);
      expect(mine.every((r) => r.space === SUBJECT_LOCK_SPACE)).toBe(true);

      expect(result).toEqual({ accepted: 5_000, duplicates: 0 });
      const [stored] = await t.db
        .select({ n: count() })
        .from(consentEvents)
        .where(sql`${consentEvents.eventId} like 'lock-%'`);
      expect(Number(stored!.n)).toBe(5_000);
    }, 120_000);

    it("consent: a customer joined to the batch's person while it waits is locked too", async () => {
      // Two customers in buckets of their own, each a person of their own.
      const a = "join-a";
      const b = Array.from({ length: 20 }, (_, i) => `join-b-${i}`).find(
        (id) => subjectLockBucket(id) !== subjectLockBucket(a),
      )!;
      await upsertProfiles(t.db, feeder, [
        { subjectId: a, region: "FR", identifiers: { email: "join-a@example.com" } },
        { subjectId: b, region: "FR", identifiers: { email: "join-b@example.com" } },
      ]);
      const writer = postgres(t.url!, { max: 1, onnotice: () => {} });
      try {
        // Another writer holds a's lock and joins b to a's person, and commits once the batch,
        // which read a's person before, waits for the lock.
        let joined!: () => void;
        const ready = new Promise<void>((resolve) => (joined = resolve));
        const joining = writer.begin(async (w) => {
          await w`select pg_advisory_xact_lock(${SUBJECT_LOCK_SPACE}::int, ${subjectLockBucket(a)}::int)`;
          await w`update profiles set person_id = ${a} where subject_id = ${b}`;
          joined();
          for (let i = 0; i < 400; i++) {
            const [waiting] = await w`
              select count(*)::int as n from pg_locks
              where locktype = 'advisory' and not granted and pid <> pg_backend_pid()
                and database = (select oid from pg_database where datname = current_database())
                and classid = ${SUBJECT_LOCK_SPACE} and objid = ${subjectLockBucket(a)}`;
            if (waiting!.n > 0) return;
            await new Promise((r) => setTimeout(r, 25));
          }
          throw new Error("the batch never waited for the lock");
        });
        await ready;
        const held = await t.db.transaction(async (tx) => {
          await lockConsentSubjects(tx, [a]);
          return rowsOf<{ bucket: number }>(
            await tx.execute(sql`select objid::int as bucket from pg_locks
              where locktype = 'advisory' and pid = pg_backend_pid() and classid = ${SUBJECT_LOCK_SPACE}`),
          ).map((r) => r.bucket);
        });
        await joining;
        // b's lock was taken although b joined only after the batch's first read.
        expect(held.sort()).toEqual([subjectLockBucket(a), subjectLockBucket(b)].sort());
      } finally {
        await writer.end();
      }
    }, 60_000);

    it("profiles: at most 256 advisory locks for the customers, all stored", async () => {
      const ids = subjects("profile");
      const batch = ids.map((subjectId) => ({
        subjectId,
        region: "DE",
        identifiers: { email: `${subjectId}@example.com` },
      }));
      const { rows, result } = await locksMidway(ids, () => upsertProfiles(t.db, feeder, batch));
      const pid = rows.find((r) => !r.granted)!.pid;
      const mine = rows.filter((r) => r.pid === pid);
      expect(mine.length).toBeLessThanOrEqual(SUBJECT_LOCK_BUCKETS);
      expect(result).toMatchObject({ created: 5_000 });
      const [stored] = await t.db
        .select({ n: count() })
        .from(profiles)
        .where(eq(profiles.region, "DE"));
      expect(Number(stored!.n)).toBe(5_000);
    }, 120_000);
  },
);
