import "server-only";
/**
 * The completeness model (key attributes and weights per group), kept in settings. Saving a new
 * model bumps its version and queues a rescoring job in the same transaction as its audit event;
 * the job rescores every profile in batches, any instance can run or resume it, and its progress
 * is visible on /admin/profiles.
 */
import { randomUUID } from "node:crypto";
import { and, eq, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/connect";
import { jobs, profiles } from "@/db/schema";
import { storeSetting } from "@/lib/settings";
import { recordAudit, type Actor } from "@/lib/audit/record";
import { figuresChanged } from "@/lib/figures-cache";
import { ConflictError } from "@/lib/errors";
import {
  claimableJobs,
  claimJob,
  JobTakenError,
  keepHeartbeat,
  MAX_ATTEMPTS,
  releaseJob,
  runAsJob,
  runnersJob,
  StoppingError,
  throwIfStopping,
} from "@/lib/jobs";
import { retryTransaction, stoppedWhy, withDatabaseWords } from "@/lib/db-errors";
import { inEnglish, said, type Said } from "@/lib/imports/said";
import { lockSubjects } from "@/lib/subject-lock";
import { contributionOf, loadProfiles, present, writeProfileRows } from "./ingest";
import { getCompletenessModel, MODEL_SETTING, takeModelLock } from "./current-model";
import { applyProfileDeltas, emptyDeltas } from "./rollups";
import { beginIdentityChange, type WrittenProfile } from "@/lib/identity/resolve";
import { modelUpdateSchema, type CompletenessModel } from "./schema";
import { derive, is360 } from "./score";
import type { z } from "zod";
import type { profileModelResponse } from "@/lib/openapi/responses";

export const RESCORE_JOB = "profiles.rescore";
const BATCH = 1_000;

/** A rescoring job as GET /api/v1/profiles/model shows it (the documented response). */
export type JobView = NonNullable<z.output<typeof profileModelResponse>["job"]>;

export async function setCompletenessModel(
  db: Db,
  actor: Actor,
  input: unknown,
): Promise<{ model: CompletenessModel; jobId: string }> {
  const { version: edited, ...data } = modelUpdateSchema.parse(input);
  return db.transaction(async (tx) => {
    await takeModelLock(tx);
    const before = await getCompletenessModel(tx);
    // Optimistic locking as for purposes: saving over someone else's newer model is a conflict.
    if (edited !== undefined && edited !== before.version) {
      throw new ConflictError(
        `The model was changed meanwhile (now version ${before.version}); reload and edit again`,
        before,
      );
    }
    const model: CompletenessModel = { ...data, version: before.version + 1 };
    await storeSetting(tx, MODEL_SETTING, model);
    const [count] = await tx
      .select({ n: sql<string>`count(*)::text` })
      .from(profiles)
      .where(lt(profiles.modelVersion, model.version));
    const [job] = await tx
      .insert(jobs)
      .values({
        kind: RESCORE_JOB,
        total: Number(count?.n ?? 0),
        detail: { modelVersion: model.version },
        createdBy: actor.label,
      })
      .returning({ id: jobs.id });
    await recordAudit(tx, actor, {
      action: "completeness_model.update",
      entityType: "setting",
      entityId: MODEL_SETTING,
      before,
      after: model,
      detail: { jobId: job!.id },
    });
    return { model, jobId: job!.id };
  });
}

function toView(row: typeof jobs.$inferSelect): JobView {
  return {
    id: row.id,
    // Rescoring jobs are only ever queued, running, done or failed (the other states are imports').
    status: row.status as JobView["status"],
    total: row.total,
    done: row.done,
    modelVersion: Number((row.detail as { modelVersion?: number } | null)?.modelVersion ?? 0),
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    error: row.error,
    errorSaid: row.error
      ? (((row.detail as { errorSaid?: Said } | null)?.errorSaid ?? null) as JobView["errorSaid"])
      : null,
  };
}

export async function latestRescoreJob(db: Db): Promise<JobView | null> {
  const [row] = await db
    .select()
    .from(jobs)
    .where(eq(jobs.kind, RESCORE_JOB))
    .orderBy(sql`${jobs.createdAt} desc`)
    .limit(1);
  return row ? toView(row) : null;
}

/**
 * Rescores one batch of profiles scored with an older model; returns how many it did. Tried
 * again on a deadlock or serialization failure, as every profile write is: a batch locks
 * hundreds of customers, and a profile upsert may hold one of them while waiting for another.
 */
export async function rescoreBatch(
  db: Db,
  model: CompletenessModel,
  limit = BATCH,
  job?: { id: string; runner: string },
): Promise<number> {
  return retryTransaction(() => rescoreOnce(db, model, limit, job));
}

/**
 * One batch; returns how many profiles it read (0: none is left). With `job`, the job's progress
 * (the profiles rewritten) is written in the batch's transaction, and a job that is no longer the
 * runner's (taken over while the batch waited for its locks) rolls the batch back.
 */
function rescoreOnce(
  db: Db,
  model: CompletenessModel,
  limit: number,
  job?: { id: string; runner: string },
): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({ subjectId: profiles.subjectId })
      .from(profiles)
      .where(lt(profiles.modelVersion, model.version))
      .limit(limit);
    const ids = rows.map((r) => r.subjectId);
    if (ids.length === 0) return 0;
    await lockSubjects(tx, ids);
    const stored = await loadProfiles(tx, ids);
    const deltas = emptyDeltas();
    const out: Record<string, unknown>[] = [];
    // The rescored profiles as their persons are formed from them (see below).
    const written = new Map<string, WrittenProfile>();
    for (const [subjectId, p] of stored) {
      if (p.modelVersion >= model.version) continue; // rewritten meanwhile by an upsert
      const attrs = present(p.attributes.values());
      const derived = derive(attrs, model);
      written.set(subjectId, {
        region: p.region,
        attributes: attrs,
        types: [...p.identifiers.keys()],
        derived,
        before: { derived: p.derived, attributes: attrs },
      });
      // Attributes and identifiers do not change: only the summary moves.
      deltas.subtract(contributionOf(p.region, p.derived, p.identifierTypes, []));
      deltas.add(contributionOf(p.region, derived, p.identifierTypes, []));
      out.push({
        subject_id: subjectId,
        region: p.region,
        completeness: derived.all.c,
        groups_present: [...new Set(attrs.map((a) => a.group))].sort(),
        is360: is360(derived.all),
        identifier_types: p.identifierTypes,
        derived,
        model_version: model.version,
      });
    }
    // The persons these profiles belong to are scored on what they hold together: again too.
    const identity = await beginIdentityChange(tx, []);
    await writeProfileRows(tx, out);
    await identity.finish(written, model);
    await applyProfileDeltas(tx, deltas);
    // Unaudited (the model's edit was), yet the profile figures move with every batch.
    await figuresChanged(tx, "profiles");
    if (job) {
      const [mine] = await tx
        .update(jobs)
        .set({
          done: sql`least(${jobs.total}, ${jobs.done} + ${out.length})`,
          heartbeatAt: sql`now()`,
        })
        .where(runnersJob(job.id, job.runner))
        .returning({ id: jobs.id });
      if (!mine) throw new JobTakenError();
    }
    return ids.length;
  });
}

/** The catalog sentences a rescoring job's error can be (see runRescoreJob and failAbandonedJobs). */
export const rescoreErrorKeys = [
  "rescoreStoppedRetrying",
  "rescoreStoppedGaveUp",
  "stoppedAbandoned",
] as const satisfies readonly Said["key"][];

/**
 * Runs a rescoring job to the end (or until a newer model supersedes it); as the process stops,
 * hands it back after the batch it is on (releaseJob).
 */
export function runRescoreJob(db: Db, jobId: string): Promise<JobView | null> {
  return runAsJob(() => runRescore(db, jobId));
}

async function runRescore(db: Db, jobId: string): Promise<JobView | null> {
  // Every write of the job is this runner's only: another instance that took the job over (this
  // one silent past STALE_SECONDS, a batch waiting for locks) stops this one at its next batch.
  const runner = randomUUID();
  const claimed = await claimJob(db, jobId, { runner });
  if (!claimed) return null;
  const version = Number((claimed.detail as { modelVersion?: number } | null)?.modelVersion ?? 0);
  const stopHeartbeat = keepHeartbeat(db, jobId, runner);
  try {
    for (;;) {
      const model = await getCompletenessModel(db);
      if (model.version !== version) break; // a newer model has its own job
      throwIfStopping();
      const n = await rescoreBatch(db, model, BATCH, { id: jobId, runner });
      if (n === 0) break;
    }
    const [row] = await db
      .update(jobs)
      .set({
        status: "done",
        done: sql`${jobs.total}`,
        finishedAt: new Date(),
        heartbeatAt: sql`now()`,
      })
      .where(runnersJob(jobId, runner))
      .returning();
    return row ? toView(row) : null;
  } catch (error) {
    if (error instanceof JobTakenError) return null; // the other runner goes on
    if (error instanceof StoppingError) {
      await releaseJob(db, jobId, runner);
      return null;
    }
    console.error(`profile rescoring job ${jobId} failed:`, error);
    // Kept in English and as the catalog says it, for the model page in the reader's language.
    const attempts = Number((claimed.detail as { attempts?: number } | null)?.attempts ?? 1);
    const why = stoppedWhy(error);
    const errorSaid =
      attempts < MAX_ATTEMPTS
        ? said("rescoreStoppedRetrying", why)
        : said("rescoreStoppedGaveUp", { ...why, attempts });
    await db
      .update(jobs)
      .set({
        status: "failed",
        error: withDatabaseWords(inEnglish(errorSaid), why),
        heartbeatAt: sql`now()`,
        detail: sql`coalesce(${jobs.detail}, '{}'::jsonb) || ${JSON.stringify({ errorSaid })}::jsonb`,
      })
      .where(runnersJob(jobId, runner));
    return null;
  } finally {
    stopHeartbeat();
  }
}

/** Runs every rescoring job that is queued or whose runner died; safe on any instance. */
export async function resumeRescoreJobs(db: Db): Promise<void> {
  const pending = await db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.kind, RESCORE_JOB), claimableJobs()));
  for (const { id } of pending) await runRescoreJob(db, id);
}
