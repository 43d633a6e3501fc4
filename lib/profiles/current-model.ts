import "server-only";
/**
 * The completeness model in force, and the lock that orders its changes with the writes that
 * score by it: profile writes and identity rebuilds share it, a model change takes it alone, so
 * whatever scores by a model commits before a new one's rescoring starts counting what is left.
 */
import { sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/connect";
import { readSetting } from "@/lib/settings";
import { completenessModelSchema, defaultModel, type CompletenessModel } from "./schema";

export const MODEL_SETTING = "completeness_model";

const lockKey = sql`hashtext('firstparty:completeness_model')`;

/** Held by a write that scores by the model, until its transaction ends. */
export async function shareModelLock(tx: Tx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock_shared(${lockKey})`);
}

/** Held by a model change, alone, until its transaction ends. */
export async function takeModelLock(tx: Tx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${lockKey})`);
}

/** The completeness model in force (the default until an admin saves one). */
export async function getCompletenessModel(db: Db | Tx): Promise<CompletenessModel> {
  const value = (await readSetting(db, MODEL_SETTING)) as { version?: unknown } | undefined;
  const parsed = completenessModelSchema.safeParse(value);
  if (!parsed.success || typeof value?.version !== "number") return defaultModel;
  return { ...parsed.data, version: value.version };
}
