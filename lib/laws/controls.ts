import "server-only";
/**
 * The company's control for each obligation of the fixed catalog, and setting one (one
 * transaction with its audit event, before and after).
 */
import { eq } from "drizzle-orm";
import type { Db } from "@/db/connect";
import { controls, lawObligations, laws } from "@/db/schema";
import { recordAudit, type Actor } from "@/lib/audit/record";
import { NotFoundError } from "@/lib/errors";
import { controlInputSchema, obligationKeys, type ObligationKey } from "./schema";
import { obligationNames } from "./catalog-sync";
import type { ControlView } from "./views";
import { lawName } from "./model";

/** The company's control for each obligation of the fixed catalog (not started when unset). */
export async function listControls(db: Db): Promise<ControlView[]> {
  const [rows, links, lawRows] = await Promise.all([
    db.select().from(controls),
    db.select().from(lawObligations),
    db
      .select({ id: laws.id, shortName: laws.shortName, jurisdictions: laws.jurisdictions })
      .from(laws),
  ]);
  const names = new Map(lawRows.map((l) => [l.id, lawName(l)]));
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

/** Sets the company's control for one obligation; audited with before and after. */
export async function setControl(
  db: Db,
  actor: Actor,
  key: string,
  input: unknown,
): Promise<ControlView> {
  if (!isObligationKey(key)) throw new NotFoundError(`No obligation ${key}`);
  const data = controlInputSchema.parse(input);
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(controls)
      .where(eq(controls.obligationKey, key))
      .for("update");
    const values = { ...data, updatedAt: new Date(), updatedBy: actor.label };
    await tx
      .insert(controls)
      .values({ obligationKey: key, ...values })
      .onConflictDoUpdate({ target: controls.obligationKey, set: values });
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
  });
  const all = await listControls(db);
  return all.find((c) => c.key === key)!;
}
