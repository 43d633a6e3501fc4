/**
 * `npm run db:migrate` — applies db/migrations to DATABASE_URL's PostgreSQL or the embedded folder
 * and loads the shipped law catalog (data/laws.json) when it changed.
 */
import { shippedCatalog, syncLawCatalog } from "@/lib/laws";
import { runCommand, withConfiguredDatabase } from "./lib/command";

runCommand(() =>
  withConfiguredDatabase(async (handle) => {
    const synced = await syncLawCatalog(handle.db);
    console.log(`Migrated ${handle.driver} database at ${handle.location}.`);
    if (synced) console.log(`Law catalog reviewed on ${shippedCatalog().reviewedOn} loaded.`);
  }),
);
