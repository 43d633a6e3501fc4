import "server-only";
/**
 * The purpose catalog. Every change bumps the version, stores the new version's snapshot (old
 * ones stay readable) and writes an audit event, all in one transaction. Edits name the version
 * they started from; a stale one is a conflict, never a silent overwrite. A purpose with consent
 * events can be retired, never deleted.
 */
import { stampAfter } from "@/lib/clock";
import { and, asc, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "@/db/connect";
import { auditEvents, consentDaily, purposes, purposeVersions } from "@/db/schema";
import { recordAudit, type Actor } from "@/lib/audit/record";
import { ConflictError, NotFoundError, RuleError, TakenError } from "@/lib/errors";
import { refusingDuplicates } from "@/lib/db-errors";
import { unlinkDeletedPurpose } from "@/lib/sources";
import { changesWhatCustomersRead, diffPurposeSnapshots, purposeFieldOrder } from "./diff";
import {
  createPurposeSchema,
  purposeFilterSchema,
  purposeStateSchema,
  updatePurposeSchema,
  type PurposeFields,
} from "./schema";

export type PurposeRow = typeof purposes.$inferSelect;

/** A purpose as the API reads and writes it (docs/api.md), without the internal id. */
export type Purpose = Omit<PurposeRow, "id" | "createdAt" | "updatedAt"> & {
  createdAt: string;
  updatedAt: string;
};

export type PurposeVersion = {
  version: number;
  validFrom: string;
  changedBy: string | null;
  purpose: Omit<Purpose, "createdAt" | "updatedAt">;
};

export function toPurpose(row: PurposeRow): Purpose {
  const { id: _id, createdAt, updatedAt, ...rest } = row;
  return { ...rest, createdAt: createdAt.toISOString(), updatedAt: updatedAt.toISOString() };
}

function snapshotOf(row: PurposeRow): PurposeVersion["purpose"] {
  const { createdAt: _c, updatedAt: _u, ...rest } = toPurpose(row);
  return rest;
}

function editable(row: PurposeRow): PurposeFields {
  return Object.fromEntries(purposeFieldOrder.map((f) => [f, row[f]])) as PurposeFields;
}

export async function listPurposes(db: Db, filter: unknown = {}): Promise<Purpose[]> {
  const f = purposeFilterSchema.parse(filter);
  const where: SQL[] = [];
  if (f.functionalArea) where.push(eq(purposes.functionalArea, f.functionalArea));
  if (f.status) where.push(eq(purposes.status, f.status));
  if (f.legalBasis) where.push(eq(purposes.legalBasis, f.legalBasis));
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(
      or(
        ilike(purposes.name, like),
        ilike(purposes.key, like),
        ilike(purposes.customerTitle, like),
      )!,
    );
  }
  const rows = await db
    .select()
    .from(purposes)
    .where(and(...where))
    .orderBy(asc(purposes.functionalArea), asc(purposes.name));
  return rows.map(toPurpose);
}

/** Whether the catalog holds any purpose at all (retired ones too). */
export async function hasPurposes(db: Db): Promise<boolean> {
  const [row] = await db.select({ id: purposes.id }).from(purposes).limit(1);
  return row !== undefined;
}

export async function getPurposeRow(db: Db | Tx, key: string): Promise<PurposeRow | undefined> {
  const [row] = await db.select().from(purposes).where(eq(purposes.key, key));
  return row;
}

export async function getPurpose(db: Db, key: string): Promise<Purpose> {
  const row = await getPurposeRow(db, key);
  if (!row) throw new NotFoundError(`No purpose with the key "${key}"`);
  return toPurpose(row);
}

/**
 * Whether any consent event names the purpose. Read from the per-purpose daily counts (every
 * stored event adds to its day's grants, denies or withdrawals, and those never go down), so
 * the log needs no index by purpose just for this — one index fewer on every insert.
 */
export async function hasConsentEvents(db: Db | Tx, purposeId: string): Promise<boolean> {
  const [row] = await db
    .select({ one: sql<number>`1` })
    .from(consentDaily)
    .where(
      and(
        eq(consentDaily.purposeId, purposeId),
        sql`${consentDaily.grants} + ${consentDaily.denies} + ${consentDaily.withdrawals} > 0`,
      ),
    )
    .limit(1);
  return !!row;
}

async function storeVersion(tx: Tx, row: PurposeRow, actor: Actor, at: Date) {
  await tx.insert(purposeVersions).values({
    purposeId: row.id,
    version: row.version,
    snapshot: snapshotOf(row),
    validFrom: at,
    changedBy: actor.label,
  });
}

export async function createPurpose(
  db: Db,
  actor: Actor,
  input: unknown,
  at = new Date(),
): Promise<Purpose> {
  const {
    createdAt: _created,
    updatedAt: _updated,
    reconsentFromVersion: _reconsent,
    version: _version,
    ...data
  } = createPurposeSchema.parse(input);
  return refusingDuplicates(
    "purposes_key_unique",
    () =>
      db.transaction(async (tx) => {
        // A deleted purpose's audit trail stays under its key: a new purpose must not take it on.
        const [usedBefore] = await tx
          .select({ id: auditEvents.id })
          .from(auditEvents)
          .where(
            and(
              eq(auditEvents.entityType, "purpose"),
              eq(auditEvents.entityId, data.key),
              eq(auditEvents.action, "purpose.delete"),
            ),
          )
          .limit(1);
        if (usedBefore) {
          throw new TakenError("This key belonged to a deleted purpose; choose another", [
            { path: "key", message: "validation.purposeKeyUsedBefore" },
          ]);
        }
        const [row] = await tx
          .insert(purposes)
          .values({ ...data, version: 1, createdAt: at, updatedAt: at })
          .returning();
        if (!row) throw new Error("insert returned no row");
        await storeVersion(tx, row, actor, at);
        await recordAudit(tx, actor, {
          action: "purpose.create",
          entityType: "purpose",
          entityId: row.key,
          after: snapshotOf(row),
        });
        return toPurpose(row);
      }),
    () =>
      new TakenError("A purpose with this key already exists", [
        { path: "key", message: "validation.purposeKeyTaken" },
      ]),
  );
}

/**
 * Applies a patch to the version the editor started from. Throws ConflictError (with the
 * current purpose) when someone saved a newer version meanwhile; returns the purpose unchanged
 * when the patch changes nothing.
 */
export async function updatePurpose(
  db: Db,
  actor: Actor,
  key: string,
  input: unknown,
  given?: Date,
): Promise<Purpose> {
  const {
    version,
    key: newKey,
    requiresReconsent,
    createdAt: _created,
    updatedAt: _updated,
    reconsentFromVersion: _reconsent,
    ...patch
  } = updatePurposeSchema.parse(input);
  if (newKey !== undefined && newKey !== key) {
    throw new RuleError("The key of a purpose never changes", [
      { path: "key", message: "validation.purposeKeyImmutable" },
    ]);
  }
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(purposes).where(eq(purposes.key, key)).for("update");
    if (!before) throw new NotFoundError(`No purpose with the key "${key}"`);
    // The new version is in force from when this save holds the purpose, not from when it was
    // asked: a consent batch storing events of the purpose meanwhile stored them on the old one.
    // After the version before it, whatever this server's clock says: an event is put on the
    // newest version stamped before it.
    const at = stampAfter(before.updatedAt, given ?? new Date());
    if (before.version !== version) {
      throw new ConflictError(
        `This purpose was changed by someone else: you edited version ${version}, the current one is ${before.version}`,
        toPurpose(before),
      );
    }
    const next = purposeStateSchema.parse({ ...editable(before), ...patch });
    // Fresh consent is asked for a change customers read: their page says what changed.
    if (requiresReconsent && !changesWhatCustomersRead(editable(before), next)) {
      throw new RuleError(
        "Fresh consent is asked for with a change customers read, and none was made",
        [{ path: "requiresReconsent", message: "validation.reconsentWithoutChange" }],
      );
    }
    if (diffPurposeSnapshots(editable(before), next).length === 0) {
      return toPurpose(before);
    }

    const [after] = await tx
      .update(purposes)
      .set({
        ...next,
        version: before.version + 1,
        ...(requiresReconsent ? { reconsentFromVersion: before.version + 1 } : {}),
        updatedAt: at,
      })
      .where(and(eq(purposes.id, before.id), eq(purposes.version, version)))
      .returning();
    if (!after)
      throw new ConflictError("This purpose was changed by someone else", toPurpose(before));
    await storeVersion(tx, after, actor, at);
    await recordAudit(tx, actor, {
      action:
        after.status === "retired" && before.status !== "retired"
          ? "purpose.retire"
          : "purpose.update",
      entityType: "purpose",
      entityId: key,
      before: snapshotOf(before),
      after: snapshotOf(after),
      detail: {
        changed: diffPurposeSnapshots(editable(before), editable(after)).map((c) => c.field),
        ...(requiresReconsent ? { requiresReconsent: true } : {}),
      },
    });
    return toPurpose(after);
  });
}

export function retirePurpose(db: Db, actor: Actor, key: string, version: number, at?: Date) {
  return updatePurpose(db, actor, key, { status: "retired", version }, at);
}

/**
 * Deletes a purpose that never received a consent event; anything else must be retired. With
 * `version`, only that version: a purpose someone changed since the admin looked is a conflict
 * (ConflictError, with the current purpose). The sources it was linked to lose the link: they are
 * named in the purpose's audit event, and each has one of its own (`data_source.unlink`).
 */
export async function deletePurpose(
  db: Db,
  actor: Actor,
  key: string,
  version?: number,
): Promise<void> {
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(purposes).where(eq(purposes.key, key)).for("update");
    if (!before) throw new NotFoundError(`No purpose with the key "${key}"`);
    if (version !== undefined && before.version !== version) {
      throw new ConflictError(
        `This purpose was changed by someone else: you saw version ${version}, the current one is ${before.version}`,
        toPurpose(before),
      );
    }
    if (await hasConsentEvents(tx, before.id)) {
      throw new ConflictError(
        "This purpose has consent events: it can be retired, never deleted",
        toPurpose(before),
      );
    }
    const unlinkedSources = await unlinkDeletedPurpose(tx, actor, before);
    await tx.delete(purposeVersions).where(eq(purposeVersions.purposeId, before.id));
    await tx.delete(purposes).where(eq(purposes.id, before.id));
    await recordAudit(tx, actor, {
      action: "purpose.delete",
      entityType: "purpose",
      entityId: key,
      before: snapshotOf(before),
      detail: { unlinkedSources },
    });
  });
}

export async function listPurposeVersions(db: Db, key: string): Promise<PurposeVersion[]> {
  const row = await getPurposeRow(db, key);
  if (!row) throw new NotFoundError(`No purpose with the key "${key}"`);
  const versions = await db
    .select()
    .from(purposeVersions)
    .where(eq(purposeVersions.purposeId, row.id))
    .orderBy(asc(purposeVersions.version));
  return versions.map((v) => ({
    version: v.version,
    validFrom: v.validFrom.toISOString(),
    changedBy: v.changedBy,
    // Versions stored before the German texts (or the consent platforms' names, or fresh
    // consent) existed had none: empty, as a new purpose's are.
    purpose: {
      nameDe: "",
      customerTitleDe: "",
      customerDescriptionDe: "",
      customerValueDe: "",
      tcfPurposes: [],
      consentModeSignals: [],
      segmentCategories: [],
      reconsentFromVersion: null,
      ...(v.snapshot as Partial<PurposeVersion["purpose"]>),
    } as PurposeVersion["purpose"],
  }));
}
