import "server-only";
/**
 * What the server does once when it starts (called from instrumentation.ts). Configuration
 * mistakes and a locked embedded folder stop the process with one clear sentence; a PostgreSQL
 * that is down only delays readiness (/api/health answers 503 until it is back).
 */
import { getDatabase } from "@/lib/database";
import { DatabaseLockedError } from "@/db/lock";
import { env, EnvError } from "@/lib/env";
import { isConnectionError } from "@/lib/db-errors";
import { startJobSweeper } from "@/lib/job-sweeper";
import { autovacuumWarning } from "@/lib/statistics";

export async function startFirstparty(): Promise<void> {
  let config;
  try {
    config = env();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  // Imports and rescoring left running by a stopped instance go on without anyone watching.
  startJobSweeper();
  try {
    const handle = await getDatabase();
    console.log(`Firstparty database: ${handle.driver} (${handle.location})`);
    if (handle.driver === "postgres") {
      const warning = await autovacuumWarning(handle.db).catch(() => null);
      if (warning) console.warn(warning);
    }
  } catch (error) {
    if (error instanceof DatabaseLockedError) {
      console.error(error.message);
      process.exit(1);
    }
    if (config.databaseUrl && isConnectionError(error)) {
      console.error("PostgreSQL is not reachable yet; /api/health answers 503 until it is.", error);
      return;
    }
    console.error("Firstparty could not open its database:", error);
    process.exit(1);
  }
}
