/**
 * `npm run db:migrate` — applies db/migrations to DATABASE_URL's PostgreSQL or the embedded folder
 * and does what start-up does after them: loads the shipped law catalog (data/laws.json) when it
 * changed and runs the one-time reworks of stored data an upgrade brings (lib/upgrade.ts), so the
 * next start has nothing left to do.
 */
import { shippedCatalog } from "@/lib/laws";
import { runCommand, withConfiguredDatabase } from "./lib/command";

runCommand(() =>
  withConfiguredDatabase(async (handle, _config, upgrade) => {
    console.log(`Migrated ${handle.driver} database at ${handle.location}.`);
    if (upgrade.lawCatalog)
      console.log(`Law catalog reviewed on ${shippedCatalog().reviewedOn} loaded.`);
    if (upgrade.identifiersNormalized > 0)
      console.log(`Identifiers normalized: ${upgrade.identifiersNormalized}.`);
    if (upgrade.personsFormed) console.log("Persons formed again from all profiles.");
    if (upgrade.consentReordered)
      console.log(
        "Consent figures built again: same-instant decisions now order by eventId byte by byte.",
      );
    if (upgrade.phaseOutBaselineFixed)
      console.log("The phase-out path now starts where it had started so far, fixed from now on.");
  }),
);
