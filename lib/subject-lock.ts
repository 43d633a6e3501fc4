import "server-only";
/**
 * Per-customer transaction locks. Consent ingestion and profile writes both take the lock of
 * every subject they touch, in one fixed order, so the figures that depend on both (consentable
 * reach) are never computed on each other's uncommitted state, and two batches cannot deadlock
 * over these locks alone. One exception: a profile write that joins persons takes the buckets of
 * their other members after the identity lock (lib/identity/resolve.ts), so two profile writes,
 * or one and a rebuild of the persons, can each hold what the other waits for. PostgreSQL ends
 * one (about a second later) and it runs again (retryTransaction); taking the identity lock first
 * would serialise every profile write from its start.
 *
 * A subject's lock is the lock of its bucket: its hash modulo SUBJECT_LOCK_BUCKETS. One lock per
 * subject took one slot of PostgreSQL's shared lock table per distinct customer, so a few
 * concurrent 5,000-customer batches filled it (max_locks_per_transaction × (max_connections +
 * max_prepared_transactions) = 64 × 100 by default) and every transaction on the server failed
 * with "out of shared memory". With buckets a transaction takes at most 256 locks, and since they
 * are exclusive, all transactions together hold at most 256 (plus one queued per waiting
 * transaction): 4% of the default table. Correctness is unchanged: two writers of one subject
 * always want its one bucket, and a bucket covers more than one subject, which only makes
 * unrelated writers wait for each other now and then. Deadlock freedom is unchanged: a writer
 * takes a set of buckets in one statement, in ascending order. Writers that take a second set
 * later (the members of a customer's person for consent, whose membership is read first; the
 * persons a profile write joins) are the exception above, and run under retryTransaction.
 *
 * Refusing batches with more distinct subjects than some limit would bound the locks too, but it
 * would break the contract (up to 5,000 events per API batch, all or nothing; an import's batch
 * holds 10,000 rows) for ordinary imports;
 * buckets keep every batch whole in one transaction. Large batches serialise, which they mostly
 * did already on the shared rollup rows.
 */
import { hash } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Tx } from "@/db/connect";
import { rowsOf, texts } from "@/lib/sql-rows";

/** How many buckets subjects fall into: the most subject locks one transaction takes. */
export const SUBJECT_LOCK_BUCKETS = 256;
/**
 * The first key of the two-key advisory locks (`pg_advisory_xact_lock(space, bucket)`), a space
 * of its own: the app's one-key locks (migrations, law catalog, completeness model) never meet it.
 */
export const SUBJECT_LOCK_SPACE = 7_432_002;

/** The bucket (0 … SUBJECT_LOCK_BUCKETS − 1) of one subject: stable across processes. */
export function subjectLockBucket(subjectId: string): number {
  // One call, not createHash's object and its update and digest: a batch hashes every subject.
  return hash("sha1", `subject\u0000${subjectId}`, "buffer").readUInt32BE(0) % SUBJECT_LOCK_BUCKETS;
}

/**
 * The buckets each transaction has locked so far: asked again for them (a Segment batch stores
 * profiles and then consent events for the same customers, each part taking its locks), it
 * holds them already and sends nothing. Kept on the transaction object, which ends with it;
 * a nested transaction (a savepoint, whose rollback may release what it took) has its own. So
 * the outer transaction must not be used inside a nested one it may roll back to: what it locked
 * there would be released but still listed here.
 */
const held = new WeakMap<Tx, Set<number>>();

export async function lockSubjects(tx: Tx, subjectIds: Iterable<string>): Promise<void> {
  const buckets = bucketsToTake(tx, subjectIds);
  if (buckets.length === 0) return;
  await tx.execute(
    sql`select pg_advisory_xact_lock(${SUBJECT_LOCK_SPACE}::int, b)
        from unnest(${`{${buckets.join(",")}}`}::int[]) as b order by b`,
  );
  taken(tx, buckets);
}

/**
 * Takes the locks of `subjectIds` as lockSubjects does, then reads the subject ids of every
 * profile of the persons of `personsOf` (sorted), in one round trip: the read is made once the
 * locks are granted (a function of the database's, migration 0039, whose every query takes a
 * snapshot of its own), so it sees an identity merge that committed while they were waited for.
 * One round trip fewer while the locks are held: each one waits, under load, for a server busy
 * with other requests, and the writers of the same customers wait behind it.
 */
export async function lockSubjectsThenMembers(
  tx: Tx,
  subjectIds: Iterable<string>,
  personsOf: Iterable<string>,
): Promise<string[]> {
  const buckets = bucketsToTake(tx, subjectIds);
  const rows = rowsOf<{ subject_id: string }>(
    await tx.execute(
      sql`select s as subject_id from firstparty_lock_subjects_then_members(
            ${SUBJECT_LOCK_SPACE}::int, ${`{${buckets.join(",")}}`}::int[],
            array${texts(new Set(personsOf))}) as s`,
    ),
  );
  taken(tx, buckets);
  return rows.map((r) => r.subject_id).sort();
}

/** The buckets of `subjectIds` that `tx` does not hold yet, in ascending order. */
function bucketsToTake(tx: Tx, subjectIds: Iterable<string>): number[] {
  const mine = held.get(tx);
  return [...new Set([...subjectIds].map(subjectLockBucket))]
    .filter((b) => !mine?.has(b))
    .sort((a, b) => a - b);
}

function taken(tx: Tx, buckets: number[]): void {
  const mine = held.get(tx) ?? new Set<number>();
  for (const b of buckets) mine.add(b);
  held.set(tx, mine);
}

/**
 * Every subject's lock, in the same ascending order: for a change that moves every customer at
 * once (forming all persons again), so no consent or profile write runs beside it on a
 * membership it is about to change. Taken before any other lock of the transaction; a profile
 * write that takes more customers' locks after the identity lock can still deadlock with it, so
 * both are run under retryTransaction.
 */
export async function lockAllSubjects(tx: Tx): Promise<void> {
  await tx.execute(
    sql`select pg_advisory_xact_lock(${SUBJECT_LOCK_SPACE}::int, b)
        from generate_series(0, ${SUBJECT_LOCK_BUCKETS - 1}::int) as b order by b`,
  );
  held.set(tx, new Set(Array.from({ length: SUBJECT_LOCK_BUCKETS }, (_, b) => b)));
}
