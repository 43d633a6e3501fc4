/**
 * What the database commands (db:migrate, seed, admin:create) share: the configured database,
 * migrated and closed again, and one way to end with a message a person can act on.
 */
import { openDatabase, type DatabaseHandle } from "@/db/connect";
import { DatabaseLockedError } from "@/db/lock";
import { migrateDatabase } from "@/db/migrate";
import { env, EnvError, type Env } from "@/lib/env";

/** DATABASE_URL's PostgreSQL, or the embedded folder; migrated before `work`, closed after it. */
export async function withConfiguredDatabase<T>(
  work: (handle: DatabaseHandle, config: Env) => Promise<T>,
): Promise<T> {
  const config = env();
  const handle = config.databaseUrl
    ? await openDatabase({ driver: "postgres", url: config.databaseUrl })
    : await openDatabase({ driver: "pglite", dir: config.pgliteDir });
  try {
    await migrateDatabase(handle, config.databaseUrl);
    return await work(handle, config);
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
