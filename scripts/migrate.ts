/** `npm run db:migrate` — applies db/migrations to DATABASE_URL's PostgreSQL or the embedded folder. */
import { openDatabase } from "@/db/connect";
import { DatabaseLockedError } from "@/db/lock";
import { migrateDatabase } from "@/db/migrate";
import { env, EnvError } from "@/lib/env";

async function main() {
  const config = env();
  const handle = config.databaseUrl
    ? await openDatabase({ driver: "postgres", url: config.databaseUrl })
    : await openDatabase({ driver: "pglite", dir: config.pgliteDir });
  try {
    await migrateDatabase(handle, config.databaseUrl);
    console.log(`Migrated ${handle.driver} database at ${handle.location}.`);
  } finally {
    await handle.close();
  }
}

main().catch((error) => {
  console.error(
    error instanceof DatabaseLockedError || error instanceof EnvError ? error.message : error,
  );
  process.exit(1);
});
