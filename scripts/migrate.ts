/**
 * `npm run db:migrate` — applies db/migrations to DATABASE_URL's PostgreSQL or the embedded folder
 * and loads the shipped law catalog (data/laws.json) when it changed.
 */
import { openDatabase } from "@/db/connect";
import { DatabaseLockedError } from "@/db/lock";
import { migrateDatabase } from "@/db/migrate";
import { env, EnvError } from "@/lib/env";
import { shippedCatalog, syncLawCatalog } from "@/lib/laws";

async function main() {
  const config = env();
  const handle = config.databaseUrl
    ? await openDatabase({ driver: "postgres", url: config.databaseUrl })
    : await openDatabase({ driver: "pglite", dir: config.pgliteDir });
  try {
    await migrateDatabase(handle, config.databaseUrl);
    const synced = await syncLawCatalog(handle.db);
    console.log(`Migrated ${handle.driver} database at ${handle.location}.`);
    if (synced) console.log(`Law catalog reviewed on ${shippedCatalog().reviewedOn} loaded.`);
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
