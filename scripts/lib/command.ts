/**
 * What the database commands (db:migrate, seed, admin:create) share: the configured database,
 * migrated, brought up to date and closed again, and one way to end with a message a person can
 * act on.
 */
import { openDatabase, type DatabaseHandle } from "@/db/connect";
import { DatabaseLockedError } from "@/db/lock";
import { migrateDatabase } from "@/db/migrate";
import { env, EnvError, type Env } from "@/lib/env";
import { upgradeStoredData, type Upgrade } from "@/lib/upgrade";

/**
 * DATABASE_URL's PostgreSQL, or the embedded folder: migrated and its stored data brought up to
 * date (as start-up does, under the same lock) before `work`, closed after it.
 */
export async function withConfiguredDatabase<T>(
  work: (handle: DatabaseHandle, config: Env, upgrade: Upgrade) => Promise<T>,
): Promise<T> {
  const config = env();
  const handle = config.databaseUrl
    ? await openDatabase({ driver: "postgres", url: config.databaseUrl })
    : await openDatabase({ driver: "pglite", dir: config.pgliteDir });
  try {
    let upgrade: Upgrade | undefined;
    await migrateDatabase(handle, config.databaseUrl, async (db) => {
      upgrade = await upgradeStoredData(db);
    });
    return await work(handle, config, upgrade!);
  } finally {
    await handle.close();
  }
}

/**
 * Runs a command and exits 1 when it fails: a locked database or a bad environment (and what
 * `explain` knows) as its message alone, anything else in full.
 */
export function runCommand(
  main: () => Promise<void>,
  explain: (error: unknown) => string | undefined = () => undefined,
): void {
  main().catch((error: unknown) => {
    const known =
      error instanceof DatabaseLockedError || error instanceof EnvError
        ? error.message
        : explain(error);
    console.error(known ?? error);
    process.exit(1);
  });
}
