import "server-only";
/**
 * Background jobs go on without anyone watching them. Every instance looks for jobs it may take
 * (queued ones, those whose runner went quiet — an instance killed or restarted mid-way — and
 * failed ones due for another attempt; see lib/jobs.ts) when it starts and every
 * SWEEP_SECONDS after, and runs them: an import resumes from its last committed batch, a
 * rescoring from its last profile. Taking a job is one atomic update, so two instances never
 * run the same job; within one process, each kind of job runs one at a time (a long import does
 * not hold up rescoring). A job whose runner went quiet on its last attempt is marked failed, and
 * an upload of which nothing arrived for an hour is cleared. Tables grown to twice what the
 * planner last learnt of them are analyzed (lib/statistics.ts).
 * The pages that show jobs still take them up at once when they notice one waiting.
 */
import { getDb, type Db } from "@/lib/database";
import { isConnectionError } from "@/lib/db-errors";
import { failAbandonedJobs } from "@/lib/jobs";
import { clearAbandonedUploads, resumeImportJobs } from "@/lib/imports/jobs";
import { resumeRescoreJobs } from "@/lib/profiles/model";
import { analyzeGrownTables } from "@/lib/statistics";
import { stopping } from "@/server/shutdown.mjs";

export const SWEEP_SECONDS = 30;

/** The kinds of work a sweep does, each running at most once at a time in this process. */
const kinds: Record<string, (db: Db) => Promise<unknown>> = {
  abandoned: failAbandonedJobs,
  uploads: clearAbandonedUploads,
  imports: resumeImportJobs,
  rescoring: resumeRescoreJobs,
  statistics: analyzeGrownTables,
};
const busy = new Set<string>();

/**
 * Runs every job this instance may take now; resolves when they are done. A kind still busy
 * from an earlier sweep (a long import) is left to it, and the others go ahead.
 */
export async function sweepJobs(): Promise<void> {
  if (stopping()) return; // a stopping process takes no new work
  await Promise.all(
    Object.entries(kinds).map(async ([kind, run]) => {
      if (busy.has(kind)) return;
      busy.add(kind);
      try {
        await run(await getDb());
      } catch (error) {
        // The database away: the next sweep tries again (/api/health reports it meanwhile).
        if (!isConnectionError(error))
          console.error(`Background jobs (${kind}) could not run:`, error);
      } finally {
        busy.delete(kind);
      }
    }),
  );
}

/** Sweeps once shortly after start-up, then every SWEEP_SECONDS; never keeps the process alive. */
export function startJobSweeper(): void {
  setTimeout(() => void sweepJobs(), 1_000).unref();
  setInterval(() => void sweepJobs(), SWEEP_SECONDS * 1_000).unref();
}
