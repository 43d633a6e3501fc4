/**
 * `npm run figures:rebuild` — after rows were written around the API (a COPY bulk load of
 * consent events or profiles, a restore of the tables without their summaries), recomputes every
 * figure the dashboards read from summary tables, on DATABASE_URL's database or the embedded
 * one when the server is not running. Consent and profile writes wait for it meanwhile, and
 * every instance reads its figures again after it. Audited as the system.
 */
import { rebuildFigures } from "@/lib/metrics/rebuild";
import { runCommand, withConfiguredDatabase } from "./lib/command";

async function main() {
  await withConfiguredDatabase(async (handle) => {
    const started = performance.now();
    const rebuilt = await rebuildFigures(handle.db, { type: "system", label: "figures:rebuild" });
    console.log(
      `Recomputed the figures of ${rebuilt.consentEvents} consent events and ${rebuilt.profiles} profiles on ${handle.location} in ${((performance.now() - started) / 1000).toFixed(1)} s.`,
    );
  });
}

runCommand(main);
