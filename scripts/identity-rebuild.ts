/**
 * `npm run identity:rebuild` — after a bulk load that wrote profiles around the API (COPY,
 * a restore), forms every person again and recomputes the person aggregates, on DATABASE_URL's
 * database or the embedded one when the server is not running. Identifiers loaded without their
 * normalized values get them first. Audited as the system.
 */
import { recordAudit } from "@/lib/audit/record";
import { retryTransaction } from "@/lib/db-errors";
import { markIdentitiesCurrent, normalizeStoredIdentifiers } from "@/lib/identity/backfill";
import { rebuildIdentities } from "@/lib/identity/resolve";
import { runCommand, withConfiguredDatabase } from "./lib/command";

async function main() {
  await withConfiguredDatabase(async (handle) => {
    const started = performance.now();
    await normalizeStoredIdentifiers(handle.db, { missing: true });
    // Tried again when a profile write deadlocks with it (see rebuildIdentities).
    const result = await retryTransaction(() =>
      handle.db.transaction(async (tx) => {
        const formed = await rebuildIdentities(tx);
        await recordAudit(
          tx,
          { type: "system", label: "identity:rebuild" },
          {
            action: "identity.rebuild",
            entityType: "setting",
            entityId: "identity.matching",
            detail: formed,
          },
        );
        return formed;
      }),
    );
    // The persons are formed by the current rules: start-up need not form them again.
    await markIdentitiesCurrent(handle.db);
    console.log(
      `Formed ${result.persons} persons (${result.merged} profiles joined with another) on ${handle.location} in ${((performance.now() - started) / 1000).toFixed(1)} s.`,
    );
  });
}

runCommand(main);
