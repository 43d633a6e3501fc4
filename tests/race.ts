/**
 * Two requests that check "is this key free?" and then insert, at the same moment: both checks
 * pass, and the database's unique index is what refuses the second. To make that moment happen
 * every run, on PostgreSQL a transaction of the test's own inserts the row first and keeps it
 * uncommitted (the checks do not see it; the inserts must wait for it) until every attempt
 * waits on it, then rolls it back (or commits it: a change the attempts must then see). PGlite
 * has one connection: the attempts run one after the other there, and the check refuses the
 * second.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { sql } from "drizzle-orm";
import type { Tx } from "@/db/connect";
import { rowsOf } from "@/lib/sql-rows";
import type { TestDatabase } from "./database";

export async function raceBehindHeldRow<T>(
  t: TestDatabase,
  hold: (tx: Tx) => Promise<unknown>,
  attempts: (() => Promise<T>)[],
  /** What the holding transaction then does: undone (the default), or committed. */
  end: "rollback" | "commit" = "rollback",
  /** Done while every attempt waits, before the held row is let go (another instance's move). */
  whileWaiting?: () => Promise<unknown>,
): Promise<PromiseSettledResult<T>[]> {
  if (t.driver !== "postgres") return Promise.allSettled(attempts.map((attempt) => attempt()));
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let holding!: () => void;
  const held = new Promise<void>((resolve) => (holding = resolve));
  const holder = t.db
    .transaction(async (tx) => {
      await hold(tx);
      holding();
      await released;
      if (end === "rollback") tx.rollback();
    })
    .catch(() => undefined); // the rollback
  await held;
  const racing = Promise.allSettled(attempts.map((attempt) => attempt()));
  for (let waited = 0; ; waited += 10) {
    const [waiting] = rowsOf<{ n: number }>(
      await t.db.execute(sql`
        select count(*)::int as n from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock'`),
    );
    if ((waiting?.n ?? 0) >= attempts.length) break;
    if (waited > 10_000) throw new Error("the attempts never waited for the held row");
    await sleep(10);
  }
  try {
    await whileWaiting?.();
  } finally {
    // Let go whatever happened meanwhile: a failed check must not leave the holder open.
    release();
    await holder;
  }
  return racing;
}
