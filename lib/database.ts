import "server-only";
/**
 * The app's one database handle (only the guard hands it to routes). Chooses PostgreSQL
 * (DATABASE_URL) or PGlite (PGLITE_DIR) once, migrates, brings stored data up to date
 * (lib/upgrade.ts), seeds an empty embedded database, and keeps the handle on globalThis because
 * Next loads this module more than once per process. A failed start is not cached: the next call
 * tries again, so the app recovers by itself when PostgreSQL comes back.
 */
import { env } from "@/lib/env";
import { DatabaseUnavailableError } from "@/lib/errors";
import { openDatabase, type DatabaseHandle, type Db } from "@/db/connect";
import { DatabaseLockedError } from "@/db/lock";
import { migrateDatabase } from "@/db/migrate";
import { formatSeedReport, isEmpty, seedDemo } from "@/lib/demo";
import { upgradeStoredData } from "@/lib/upgrade";
import { onShutdown } from "@/server/shutdown.mjs";

const globalForDb = globalThis as unknown as { firstpartyDb?: Promise<DatabaseHandle> };

async function start(): Promise<DatabaseHandle> {
  const config = env();
  const handle = config.databaseUrl
    ? await openDatabase({
        driver: "postgres",
        url: config.databaseUrl,
        max: config.databasePoolMax,
      })
    : await openDatabase({ driver: "pglite", dir: config.pgliteDir });
  try {
    const shouldSeed = handle.driver === "pglite" || config.seedDemo;
    // Under the migration lock: two workers starting on an empty database seed it once.
    await migrateDatabase(handle, config.databaseUrl, async (db) => {
      await upgradeStoredData(db);
      if (shouldSeed && (await isEmpty(db))) {
        console.log("Seeding the demo data into the empty database…");
        console.log(formatSeedReport(await seedDemo(db)));
      }
    });
    // Closed as the process stops, after the jobs handed theirs back (PGlite checkpoints).
    onShutdown(() => handle.close(), "database");
    return handle;
  } catch (error) {
    await handle.close().catch(() => {});
    throw error;
  }
}

export function getDatabase(): Promise<DatabaseHandle> {
  if (!globalForDb.firstpartyDb) {
    const opening = start();
    globalForDb.firstpartyDb = opening;
    opening.catch(() => {
      if (globalForDb.firstpartyDb === opening) globalForDb.firstpartyDb = undefined;
    });
  }
  return globalForDb.firstpartyDb;
}

/** The drizzle database, or DatabaseUnavailableError (answered with 503) when it cannot open. */
export async function getDb(): Promise<Db> {
  try {
    return (await getDatabase()).db;
  } catch (error) {
    if (error instanceof DatabaseLockedError) throw error;
    console.error("database unavailable:", error);
    throw new DatabaseUnavailableError("The database is not reachable right now");
  }
}
export type { Db } from "@/db/connect";
