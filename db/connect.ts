/**
 * Opens the one database Firstparty uses: PostgreSQL through postgres.js when a URL is given,
 * else PGlite persisted in a folder (locked to this process) or in memory. The same schema and
 * the same queries run on both; callers see one `Db` type.
 */
import { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { setTimeout as sleep } from "node:timers/promises";
import postgres from "postgres";
import { ensureDataParent, secureDataDir } from "./data-dir";
import { acquireDirLock } from "./lock";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type Driver = "pglite" | "postgres";

/**
 * Marks the embedded database's handle. A registered symbol on the object itself, not a class
 * check: Next.js bundles this module (and drizzle's classes) more than once per process.
 */
const EMBEDDED = Symbol.for("firstparty.db.embedded");

/** Whether `db` is the embedded database: one connection that every query waits for. */
export const isEmbedded = (db: Db): boolean => EMBEDDED in db;

/** Where a transaction keeps the work to do once it has committed (a registered symbol, as above). */
const AFTER_COMMIT = Symbol.for("firstparty.db.afterCommit");
type AfterCommit = { db: Db; work: Set<(db: Db) => Promise<void>> };

/**
 * Has `db.transaction` run, once a transaction has committed and before it returns, the work
 * queued on it with `afterCommit` (in order, each piece once however often it was queued; a
 * failure is logged, not thrown: the change is committed). A transaction that rolls back runs
 * none of it.
 */
function runningAfterCommit(db: Db): Db {
  const transaction = db.transaction.bind(db);
  const wrapped: Db["transaction"] = async (run, config) => {
    const queued: AfterCommit = { db, work: new Set() };
    const result = await transaction((tx) => {
      Object.defineProperty(tx, AFTER_COMMIT, { value: queued });
      return run(tx);
    }, config);
    for (const work of queued.work)
      await work(db).catch((error) => console.error("work after a commit failed:", error));
    return result;
  };
  db.transaction = wrapped;
  return db;
}

/**
 * Queues `work` to run on the database once `tx`'s transaction has committed (once: the same
 * function queued again is not run twice); false when `tx` is no such transaction (the database
 * itself, or a nested transaction), for the caller to do the work now instead.
 */
export function afterCommit(tx: Tx | Db, work: (db: Db) => Promise<void>): boolean {
  const queued = (tx as { [AFTER_COMMIT]?: AfterCommit })[AFTER_COMMIT];
  if (!queued) return false;
  queued.work.add(work);
  return true;
}

/** How long a ping of the embedded database waits for its turn before it calls it busy. */
export const PGLITE_BUSY_AFTER_MS = 1_000;
/**
 * How long it may stay busy before the ping calls it hung: far above an import batch or a
 * rescoring step (seconds), and above the longest single transaction a small embedded instance
 * runs (rebuilding every person after the matching rules change). From then on the health check
 * answers 503.
 */
export const PGLITE_HUNG_AFTER_MS = 5 * 60_000;

export type DatabaseHandle = {
  db: Db;
  driver: Driver;
  /** Where the data lives, for messages (a folder, `memory://` or the server without password). */
  location: string;
  /**
   * Resolves when the database answers `select 1` (the embedded one: or is open and busy past
   * PGLITE_BUSY_AFTER_MS); rejects when it cannot answer.
   */
  ping: () => Promise<void>;
  close: () => Promise<void>;
};

export type OpenOptions =
  | {
      driver: "postgres";
      url: string;
      max?: number;
      /**
       * Statements and lock waits take as long as they need, whatever limits the role or the
       * database set (`statement_timeout`, common on managed servers): for start-up's own long
       * work (migrations' data reworks, the demo seed), not the app's requests.
       */
      untimed?: boolean;
    }
  | {
      driver: "pglite";
      dir: string | "memory://";
      /** When its ping calls it hung (PGLITE_HUNG_AFTER_MS; tests wait less). */
      hungAfterMs?: number;
    };

/**
 * Session settings under which nothing is cut short by a time limit (see `untimed`). As text:
 * postgres.js leaves a setting whose value is falsy (the number 0) out of the connection.
 */
export const UNTIMED: Record<string, string> = {
  statement_timeout: "0",
  lock_timeout: "0",
  idle_in_transaction_session_timeout: "0",
};

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "postgres";
  }
}

export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  if (options.driver === "postgres") {
    const client = postgres(options.url, {
      max: options.max ?? 10,
      connect_timeout: 5,
      idle_timeout: 60,
      onnotice: () => {},
      ...(options.untimed && { connection: UNTIMED }),
    });
    const db = runningAfterCommit(
      drizzlePostgres({ client, schema, casing: "snake_case" }) as unknown as Db,
    );
    // The health check's ping has a connection of its own, opened at its first use: one waiting
    // behind a busy pool (an import, a burst of pages) would report a busy instance as down.
    let pinger: postgres.Sql | undefined;
    let closed = false;
    return {
      db,
      driver: "postgres",
      location: redact(options.url),
      ping: async () => {
        if (closed) throw new Error("The database handle is closed");
        pinger ??= postgres(options.url, {
          max: 1,
          connect_timeout: 2,
          idle_timeout: 60,
          // A ping stuck behind a hung server ends, rather than holding up the next ones.
          connection: { statement_timeout: 2_000 },
          onnotice: () => {},
        });
        await pinger`select 1`;
      },
      close: async () => {
        closed = true;
        await Promise.all([client.end({ timeout: 5 }), pinger?.end({ timeout: 1 })]);
      },
    };
  }

  let release = () => {};
  if (options.dir !== "memory://") {
    ensureDataParent(options.dir); // owner-only when created here (the lock file lives in it)
    release = acquireDirLock(options.dir);
    try {
      secureDataDir(options.dir);
    } catch (error) {
      release();
      throw error;
    }
  }
  try {
    const client = await PGlite.create(options.dir === "memory://" ? undefined : options.dir);
    const db = runningAfterCommit(
      drizzlePglite({ client, schema, casing: "snake_case" }) as unknown as Db,
    );
    Object.defineProperty(db, EMBEDDED, { value: true });
    // The health check's ping still waiting for its turn, and since when.
    const { hungAfterMs = PGLITE_HUNG_AFTER_MS } = options;
    let waiting: { since: number; answered: Promise<void> } | undefined;
    return {
      db,
      driver: "pglite",
      location: options.dir,
      // One connection in the process: a ping waits behind whatever holds it (an import's
      // batch, a rescoring), and a busy database is not a dead one. One that cannot answer
      // (closed, or broken by an error) rejects at once, so a short wait with no answer is
      // "busy"; one ping at a time, and none answered for `hungAfterMs` is "hung".
      ping: async () => {
        if (client.closed) throw new Error("The embedded database is closed");
        if (!waiting) {
          const since = Date.now();
          const answered = client.query("select 1").then(
            () => void (waiting = undefined),
            (error: unknown) => {
              waiting = undefined;
              throw error;
            },
          );
          answered.catch(() => {}); // a ping no one awaits any more may still fail
          waiting = { since, answered };
        }
        const { since, answered } = waiting;
        const busy = await Promise.race([
          answered.then(() => false),
          sleep(PGLITE_BUSY_AFTER_MS, true, { ref: false }),
        ]);
        if (busy && Date.now() - since > hungAfterMs)
          throw new Error(
            `The embedded database has not answered for ${Math.round((Date.now() - since) / 1000)} s`,
          );
      },
      close: async () => {
        await client.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}
