import "server-only";
/**
 * The company's control for each obligation of the fixed catalog, and setting one (one
 * transaction with its audit event, before and after).
 */
import { eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/connect";
import { controls, lawObligations, laws } from "@/db/schema";
import { recordAudit, type Actor } from "@/lib/audit/record";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { stampAfter } from "@/lib/clock";
import { controlInputSchema, obligationKeys, type ObligationKey } from "./schema";
import { obligationNames } from "./catalog-sync";
import type { ControlView } from "./views";
import { lawName } from "./model";

/** The company's control for each obligation of the fixed catalog (not started when unset). */
export async function listControls(db: Db | Tx): Promise<ControlView[]> {
  const [rows, links, lawRows] = await Promise.all([
    db.select().from(controls),
    db.select().from(lawObligations),
    db
      .select({ id: laws.id, shortName: laws.shortName, jurisdictions: laws.jurisdictions })
      .from(laws),
  ]);
  // In English, as the API names laws; the pages show only how many there are.
  const names = new Map(lawRows.map((l) => [l.id, lawName(l, "en")]));
  return obligationKeys.map((key) => {
    const row = rows.find((r) => r.obligationKey === key);
    return {
      key,
      name: obligationNames[key],
      status: row?.status ?? "not_started",
      owner: row?.owner ?? "",
      evidence: row?.evidence ?? "",
      dueDate: row?.dueDate ?? null,
      updatedAt: row?.updatedAt.toISOString() ?? null,
      updatedBy: row?.updatedBy ?? null,
      laws: links
        .filter((l) => l.obligationKey === key)
        .map((l) => names.get(l.lawId) ?? l.lawId)
        .sort(),
    };
  });
}

export function isObligationKey(key: string): key is ObligationKey {
  return (obligationKeys as readonly string[]).includes(key);
}

/**
 * Sets the company's control for one obligation; audited with before and after. `unchangedSince`
 * is the control's `updatedAt` as the officer's form showed it (null: not set yet): when someone
 * saved it since, nothing is written and ConflictError carries the current control (omitted: the
 * save replaces whatever is current).
 */
export async function setControl(
  db: Db,
  actor: Actor,
  key: string,
  input: unknown,
  unchangedSince?: string | null,
): Promise<ControlView> {
  if (!isObligationKey(key)) throw new NotFoundError(`No obligation ${key}`);
  const data = controlInputSchema.parse(input);
  const stale = async () => {
    const current = (await listControls(db)).find((c) => c.key === key)!;
    return new ConflictError(
      `This control was changed by ${current.updatedBy ?? "someone else"} at ${current.updatedAt}, after the form was opened`,
      current,
    );
  };
  const saved = await db.transaction(async (tx) => {
    const current = () =>
      tx.select().from(controls).where(eq(controls.obligationKey, key)).for("update");
    let [before] = await current();
    if (
      unchangedSince !== undefined &&
      (before?.updatedAt.toISOString() ?? null) !== unchangedSince
    )
      return false;
    const values = (at: Date) => ({ ...data, updatedAt: at, updatedBy: actor.label });
    if (!before) {
      const inserted = await tx
        .insert(controls)
        .values({ obligationKey: key, ...values(new Date()) })
        .onConflictDoNothing()
        .returning({ key: controls.obligationKey });
      // A first save made at the same moment elsewhere came first: this one conflicts when it
      // expected no control, and otherwise replaces that one, read now that it is committed.
      if (inserted.length === 0) {
        if (unchangedSince === null) return false;
        [before] = await current();
        if (!before) throw new Error("the control inserted meanwhile is gone");
      }
    }
    if (before)
      await tx
        .update(controls)
        .set(values(stampAfter(before.updatedAt, new Date())))
        .where(eq(controls.obligationKey, key));
    await recordAudit(tx, actor, {
      action: "control.update",
      entityType: "control",
      entityId: key,
      before: before
        ? {
            status: before.status,
            owner: before.owner,
            evidence: before.evidence,
            dueDate: before.dueDate,
          }
        : null,
      after: data,
    });
    // As written: read after the commit, another officer's save could pass for this one.
    return (await listControls(tx)).find((c) => c.key === key)!;
  });
  if (!saved) throw await stale();
  return saved;
}
