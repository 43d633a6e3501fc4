import "server-only";
/**
 * Background jobs in the database (profile rescoring, imports): any instance may run one, a job
 * whose runner stopped sending heartbeats is taken over, and a failed one is tried again after a
 * pause, up to five attempts. Progress is written with the work, so a resumed job goes on from
 * where the last one stopped.
 */
import { and, eq, lt, not, or, sql } from "drizzle-orm";
import type { Db } from "@/db/connect";
import { jobs } from "@/db/schema";
import { inEnglish, said } from "@/lib/imports/said";
import { onShutdown, stopping } from "@/server/shutdown.mjs";

/** A runner sends a heartbeat at least this often; a job silent for longer is taken over. */
export const STALE_SECONDS = 60;
const RETRY_FAILED_AFTER_SECONDS = 300;
export const MAX_ATTEMPTS = 5;

/** How many times a job was taken so far, and whether it may be taken again. */
const attempts = sql`coalesce((${jobs.detail}->>'attempts')::int, 0)`;
/** A job that may be taken again: fewer than MAX_ATTEMPTS attempts so far. */
export const attemptsLeft = sql`${attempts} < ${MAX_ATTEMPTS}`;

/**
 * Jobs an instance may take: queued ones, running ones whose runner stopped sending heartbeats
 * (a crashed instance), and failed ones after a pause, up to five attempts in all (a job whose
 * runner keeps dying with it, a file that takes the instance down, is not taken a sixth time).
 */
export function claimableJobs() {
  return or(
    eq(jobs.status, "queued"),
    and(
      eq(jobs.status, "running"),
      lt(jobs.heartbeatAt, sql`now() - make_interval(secs => ${STALE_SECONDS})`),
      attemptsLeft,
    ),
    and(
      eq(jobs.status, "failed"),
      lt(jobs.heartbeatAt, sql`now() - make_interval(secs => ${RETRY_FAILED_AFTER_SECONDS})`),
      attemptsLeft,
    ),
  );
}

/**
 * Takes a job if it is claimable, counting the attempt; `detail` is merged into the job's detail
 * in the same statement (an import's runner id: no moment exists when the job is this runner's
 * but does not say so).
 */
export async function claimJob(db: Db, jobId: string, detail: Record<string, unknown> = {}) {
  if (stopping()) return undefined; // a stopping process takes no new work
  const [row] = await db
    .update(jobs)
    .set({
      status: "running",
      heartbeatAt: sql`now()`,
      error: null,
      detail: sql`jsonb_set(coalesce(${jobs.detail}, '{}'::jsonb), '{attempts}',
        to_jsonb(${attempts} + 1)) || ${JSON.stringify(detail)}::jsonb`,
    })
    .where(and(eq(jobs.id, jobId), claimableJobs()))
    .returning();
  return row;
}

/**
 * Ends jobs whose runner went quiet on their last attempt: marked failed with why, rather than
 * shown running forever. Returns how many.
 */
export async function failAbandonedJobs(db: Db): Promise<number> {
  // In English, and as the catalog says it, for a page in the reader's language.
  const errorSaid = said("stoppedAbandoned", { attempts: MAX_ATTEMPTS });
  const rows = await db
    .update(jobs)
    .set({
      status: "failed",
      error: inEnglish(errorSaid),
      detail: sql`coalesce(${jobs.detail}, '{}'::jsonb) || ${JSON.stringify({ errorSaid })}::jsonb`,
    })
    .where(
      and(
        eq(jobs.status, "running"),
        lt(jobs.heartbeatAt, sql`now() - make_interval(secs => ${STALE_SECONDS})`),
        not(attemptsLeft),
      ),
    )
    .returning({ id: jobs.id });
  return rows.length;
}

/** A job taken by `runner` (claimJob's detail) and still its: running, neither cancelled nor taken over. */
export function runnersJob(jobId: string, runner: string) {
  return and(
    eq(jobs.id, jobId),
    eq(jobs.status, "running"),
    sql`${jobs.detail}->>'runner' = ${runner}`,
  );
}

/**
 * Thrown in a job's batch when its progress finds the job no longer the runner's (cancelled, or
 * taken over by another instance): the batch is rolled back, and the runner stops quietly.
 */
export class JobTakenError extends Error {
  override name = "JobTakenError";
}

/**
 * Sends the job's heartbeat every 10 seconds while its runner works (a batch may wait long for
 * locks, or reading may take a while); returns what stops it. Only while the job is the runner's.
 */
export function keepHeartbeat(db: Db, jobId: string, runner: string): () => void {
  const timer = setInterval(() => {
    db.update(jobs)
      .set({ heartbeatAt: sql`now()` })
      .where(runnersJob(jobId, runner))
      .catch(() => {}); // the next batch's progress says whether the job is still the runner's
  }, 10_000);
  timer.unref?.();
  return () => clearInterval(timer);
}

/**
 * Thrown where a job's runner sees its process stopping (between batches, between pieces of a
 * file): the runner then hands its job back (releaseJob) and ends.
 */
export class StoppingError extends Error {
  override name = "StoppingError";
}

/** Throws StoppingError once the process is stopping (server/shutdown.mjs). */
export function throwIfStopping(): void {
  if (stopping()) throw new StoppingError("the process is stopping");
}

/**
 * Hands a job back as its process stops (server/shutdown.mjs): queued again, for any instance to
 * take at once, with this attempt not counted (a deploy is no failure of the job). Only while the
 * job is still the runner's.
 */
export async function releaseJob(db: Db, jobId: string, runner: string): Promise<void> {
  await db
    .update(jobs)
    .set({
      status: "queued",
      detail: sql`jsonb_set(${jobs.detail} - 'runner', '{attempts}',
        to_jsonb(greatest(${attempts} - 1, 0)))`,
    })
    .where(runnersJob(jobId, runner));
}

/** This process's job runners: a stopping process waits for each to hand its job back. */
const runners = new Set<Promise<unknown>>();
let waitedForOnStop = false;

/** Runs a job's runner so that a stopping process waits for it (up to its grace period). */
export function runAsJob<T>(run: () => Promise<T>): Promise<T> {
  if (!waitedForOnStop) {
    waitedForOnStop = true;
    onShutdown(() => Promise.allSettled([...runners]));
  }
  const running = run();
  runners.add(running);
  void running.then(
    () => runners.delete(running),
    () => runners.delete(running),
  );
  return running;
}
