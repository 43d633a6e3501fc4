import "server-only";
/**
 * The data-source inventory. Sources are created, edited and retired by admins (never deleted),
 * each change in one transaction with its audit event. Linked purposes are kept by key.
 */
import type { SourceFilter } from "@/lib/filters/sources";
import { and, asc, eq, gt, inArray, isNull, lte, not, or, type SQL } from "drizzle-orm";
import type { Db, Tx } from "@/db/connect";
import { dataSourcePurposes, dataSources, purposes } from "@/db/schema";
import { readSetting, removeSetting, saveSetting, storeSetting } from "@/lib/settings";
import { monthlySeries, pathStart } from "./mix";
import { stampAfter } from "@/lib/clock";
import { recordAudit, type Actor } from "@/lib/audit/record";
import { ConflictError, NotFoundError, RuleError, TakenError } from "@/lib/errors";
import { refusingDuplicates } from "@/lib/db-errors";
import { said, saying } from "@/lib/imports/said";
import {
  createSourceSchema,
  phaseOutTargetSchema,
  sourceStateSchema,
  storedPhaseOutTargetSchema,
  updateSourceSchema,
  type PhaseOutBaseline,
  type PhaseOutTarget,
} from "./schema";

type SourceRow = typeof dataSources.$inferSelect;

/** A data source as the API reads it (docs/api.md), with its linked purposes' keys. */
export type DataSource = Omit<SourceRow, "id" | "createdAt" | "updatedAt"> & {
  linkedPurposes: string[];
  createdAt: string;
  updatedAt: string;
};

const editableKeys = [
  "name",
  "party",
  "category",
  "channel",
  "dataCategories",
  "monthlyVolume",
  "cookieBased",
  "activeFrom",
  "retiredAt",
  "ownerTeam",
  "notes",
] as const;

function toSource(row: SourceRow, linkedPurposes: string[]): DataSource {
  const { id: _id, createdAt, updatedAt, ...rest } = row;
  return {
    ...rest,
    linkedPurposes,
    createdAt: createdAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
  };
}

async function linkedPurposeKeys(db: Db | Tx, sourceIds: string[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>();
  if (sourceIds.length === 0) return map;
  const rows = await db
    .select({ sourceId: dataSourcePurposes.sourceId, key: purposes.key })
    .from(dataSourcePurposes)
    .innerJoin(purposes, eq(purposes.id, dataSourcePurposes.purposeId))
    .where(inArray(dataSourcePurposes.sourceId, sourceIds))
    .orderBy(asc(purposes.key));
  for (const r of rows) map.set(r.sourceId, [...(map.get(r.sourceId) ?? []), r.key]);
  return map;
}

/** Sources whose status on `today` (YYYY-MM-DD) is planned, active or retired (sourceStatus). */
function statusCondition(status: "active" | "planned" | "retired", today: string): SQL {
  const retired = or(
    lte(dataSources.retiredAt, today),
    lte(dataSources.retiredAt, dataSources.activeFrom),
  )!;
  if (status === "retired") return retired;
  const notRetired = or(isNull(dataSources.retiredAt), not(retired))!;
  if (status === "planned") return and(gt(dataSources.activeFrom, today), notRetired)!;
  return and(lte(dataSources.activeFrom, today), notRetired)!;
}

export { sourceStatus } from "./mix";

export async function listSources(
  db: Db,
  f: SourceFilter = {},
  today?: string,
): Promise<DataSource[]> {
  const where: SQL[] = [];
  if (f.party) where.push(eq(dataSources.party, f.party));
  if (f.channel) where.push(eq(dataSources.channel, f.channel));
  if (f.status && today) where.push(statusCondition(f.status, today));
  const rows = await db
    .select()
    .from(dataSources)
    .where(and(...where))
    .orderBy(asc(dataSources.party), asc(dataSources.name));
  const links = await linkedPurposeKeys(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toSource(r, links.get(r.id) ?? []));
}

/** Whether the inventory holds any source at all (retired ones too). */
export async function hasSources(db: Db): Promise<boolean> {
  const [row] = await db.select({ id: dataSources.id }).from(dataSources).limit(1);
  return row !== undefined;
}

export async function getSource(db: Db, key: string): Promise<DataSource> {
  const [row] = await db.select().from(dataSources).where(eq(dataSources.key, key));
  if (!row) throw new NotFoundError(`No data source with the key "${key}"`);
  return toSource(row, (await linkedPurposeKeys(db, [row.id])).get(row.id) ?? []);
}

async function setLinks(tx: Tx, sourceId: string, keys: string[]): Promise<string[]> {
  const unique = [...new Set(keys)].sort();
  // Held until the commit: a purpose deleted meanwhile (lib/purposes deletePurpose holds it for
  // update) is waited for and then not found, an unknown purpose, rather than a link the
  // database refuses at the insert.
  const found = unique.length
    ? await tx
        .select({ id: purposes.id, key: purposes.key })
        .from(purposes)
        .where(inArray(purposes.key, unique))
        .for("key share")
    : [];
  const missing = unique.filter((k) => !found.some((f) => f.key === k));
  if (missing.length) {
    // One issue per key, each naming it: the form says which of the keys typed is not there.
    throw new RuleError(
      `Unknown purposes: ${missing.join(", ")}`,
      missing.map((purpose) => ({
        path: "linkedPurposes",
        ...saying(said("unknownPurpose", { purpose })),
      })),
    );
  }
  await tx.delete(dataSourcePurposes).where(eq(dataSourcePurposes.sourceId, sourceId));
  if (found.length)
    await tx.insert(dataSourcePurposes).values(found.map((f) => ({ sourceId, purposeId: f.id })));
  return unique;
}

/**
 * Removes every source's link to a purpose being deleted (the caller holds the purpose for
 * update, inside its transaction), each source's change audited under the source. Returns the
 * keys of the sources it was linked to.
 */
export async function unlinkDeletedPurpose(
  tx: Tx,
  actor: Actor,
  purpose: { id: string; key: string },
): Promise<string[]> {
  const rows = await tx
    .select({ source: dataSources })
    .from(dataSourcePurposes)
    .innerJoin(dataSources, eq(dataSources.id, dataSourcePurposes.sourceId))
    .where(eq(dataSourcePurposes.purposeId, purpose.id))
    .orderBy(asc(dataSources.key));
  const links = await linkedPurposeKeys(
    tx,
    rows.map((r) => r.source.id),
  );
  await tx.delete(dataSourcePurposes).where(eq(dataSourcePurposes.purposeId, purpose.id));
  for (const { source } of rows) {
    const linked = links.get(source.id) ?? [];
    await recordAudit(tx, actor, {
      action: "data_source.unlink",
      entityType: "data_source",
      entityId: source.key,
      before: toSource(source, linked),
      after: toSource(
        source,
        linked.filter((key) => key !== purpose.key),
      ),
      detail: { deletedPurpose: purpose.key },
    });
  }
  return rows.map((r) => r.source.key);
}

export async function createSource(
  db: Db | Tx,
  actor: Actor,
  input: unknown,
  at = new Date(),
): Promise<DataSource> {
  const { linkedPurposes, ...data } = createSourceSchema.parse(input);
  const taken = () =>
    new TakenError("A data source with this key already exists", [
      { path: "key", message: "validation.sourceKeyTaken" },
    ]);
  // The key's unique index refuses a key taken, also by a create running at the same moment.
  return refusingDuplicates(
    "data_sources_key_unique",
    () =>
      db.transaction(async (tx) => {
        const [row] = await tx
          .insert(dataSources)
          .values({ ...data, createdAt: at, updatedAt: at })
          .returning();
        if (!row) throw new Error("insert returned no row");
        const links = await setLinks(tx, row.id, linkedPurposes);
        const source = toSource(row, links);
        await recordAudit(tx, actor, {
          action: "data_source.create",
          entityType: "data_source",
          entityId: row.key,
          after: source,
        });
        return source;
      }),
    taken,
  );
}

/**
 * Applies a patch. `unchangedSince` is the `updatedAt` the editor's form was opened on: when
 * someone saved the source after it, nothing is written and ConflictError carries the current
 * source (omitted: the patch applies to whatever is current).
 */
export async function updateSource(
  db: Db,
  actor: Actor,
  key: string,
  input: unknown,
  unchangedSince?: string,
  at = new Date(),
): Promise<DataSource> {
  const { key: newKey, linkedPurposes, ...patch } = updateSourceSchema.parse(input);
  if (newKey !== undefined && newKey !== key) {
    throw new RuleError("The key of a data source never changes", [
      { path: "key", message: "validation.sourceKeyImmutable" },
    ]);
  }
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(dataSources).where(eq(dataSources.key, key)).for("update");
    if (!row) throw new NotFoundError(`No data source with the key "${key}"`);
    const before = toSource(row, (await linkedPurposeKeys(tx, [row.id])).get(row.id) ?? []);
    if (unchangedSince !== undefined && before.updatedAt !== unchangedSince) {
      throw new ConflictError(
        `This data source was changed by someone else at ${before.updatedAt}, after the form was opened`,
        before,
      );
    }
    const current = Object.fromEntries(editableKeys.map((k) => [k, row[k]]));
    const next = sourceStateSchema.parse({
      ...current,
      linkedPurposes: before.linkedPurposes,
      ...patch,
      ...(linkedPurposes ? { linkedPurposes } : {}),
    });
    const { linkedPurposes: nextLinks, ...columns } = next;
    const [updated] = await tx
      .update(dataSources)
      .set({ ...columns, updatedAt: stampAfter(row.updatedAt, at) })
      .where(eq(dataSources.id, row.id))
      .returning();
    if (!updated) throw new Error("update returned no row");
    const links = await setLinks(tx, row.id, nextLinks);
    const after = toSource(updated, links);
    const retiring = !before.retiredAt && !!after.retiredAt;
    await recordAudit(tx, actor, {
      action: retiring ? "data_source.retire" : "data_source.update",
      entityType: "data_source",
      entityId: key,
      before,
      after,
    });
    return after;
  });
}

/** Retires a source from `day` on (it leaves the mix from that month). */
export function retireSource(db: Db, actor: Actor, key: string, day: string) {
  return updateSource(db, actor, key, { retiredAt: day });
}

/**
 * The Retire button: retires the source today, or from its start when it has not started yet. A
 * source already retired is left as it is (a page opened before its date was set).
 */
export async function retireSourceNow(
  db: Db,
  actor: Actor,
  key: string,
  today: string,
): Promise<DataSource> {
  for (let attempt = 1; ; attempt++) {
    const source = await getSource(db, key);
    if (source.retiredAt) return source;
    const day = source.activeFrom > today ? source.activeFrom : today;
    try {
      // Decided on the source as read: changed in between, it is read and decided again.
      return await updateSource(db, actor, key, { retiredAt: day }, source.updatedAt);
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt === 3) throw error;
    }
  }
}

export const TARGET_KEY = "phase_out_target";

export async function getPhaseOutTarget(db: Db): Promise<PhaseOutTarget | undefined> {
  const parsed = storedPhaseOutTargetSchema.safeParse(await readSetting(db, TARGET_KEY));
  return parsed.success ? parsed.data : undefined;
}

/** Where a path set on `today` starts: the series shown that day (sources' monthly rule). */
async function baselineOn(db: Db | Tx, today: string): Promise<PhaseOutBaseline | undefined> {
  return pathStart(monthlySeries(await listSources(db), today.slice(0, 7), 24, today));
}

/**
 * Sets the phase-out target. Its path starts where the series shown on `today` starts, fixed
 * with the target: saving the target again starts it again from the series then shown.
 */
export async function setPhaseOutTarget(
  db: Db,
  actor: Actor,
  input: unknown,
  today: string,
): Promise<PhaseOutTarget> {
  const target = phaseOutTargetSchema.parse(input);
  const baseline = await baselineOn(db, today);
  return saveSetting(db, actor, {
    key: TARGET_KEY,
    value: { ...target, ...(baseline && { baseline }) },
    action: "data_source.set_phase_out_target",
  });
}

/** Removes the phase-out target: the sources page shows no path until one is set again. */
export function clearPhaseOutTarget(db: Db, actor: Actor): Promise<boolean> {
  return removeSetting(db, actor, {
    key: TARGET_KEY,
    action: "data_source.clear_phase_out_target",
  });
}

/**
 * A target stored before its path's start was kept with it (an upgrade): fixed now where the
 * path has started so far, so that it stops moving. True when one was fixed.
 */
export async function fixPhaseOutBaseline(db: Db, today: string): Promise<boolean> {
  // Under the setting's lock, with its audit event: an admin saving the target meanwhile (an
  // instance serving beside this one starting) waits, and is not written over with the old one.
  return db.transaction(async (tx) => {
    const stored = storedPhaseOutTargetSchema.safeParse(await readSetting(tx, TARGET_KEY, true));
    if (!stored.success || stored.data.baseline) return false;
    const baseline = await baselineOn(tx, today);
    if (!baseline) return false;
    const value = { ...stored.data, baseline };
    await storeSetting(tx, TARGET_KEY, value);
    await recordAudit(tx, UPGRADE, {
      action: "data_source.set_phase_out_target",
      entityType: "setting",
      entityId: TARGET_KEY,
      before: stored.data,
      after: value,
    });
    return true;
  });
}

const UPGRADE: Actor = { type: "system", label: "upgrade" };
