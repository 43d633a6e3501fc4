import "server-only";
/**
 * The company's own internal deadlines beside the laws' dates.
 */
import { asc, eq, gte } from "drizzle-orm";
import type { Db } from "@/db/connect";
import { internalDeadlines, laws } from "@/db/schema";
import { recordAudit, type Actor } from "@/lib/audit/record";
import { NotFoundError } from "@/lib/errors";
import { deadlineInputSchema } from "./schema";

export type Deadline = {
  id: string;
  title: string;
  date: string;
  lawId: string | null;
  notes: string;
  createdAt: string;
};

export async function listDeadlines(db: Db, from?: string): Promise<Deadline[]> {
  const rows = await db
    .select()
    .from(internalDeadlines)
    .where(from ? gte(internalDeadlines.date, from) : undefined)
    .orderBy(asc(internalDeadlines.date));
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    date: r.date,
    lawId: r.lawId,
    notes: r.notes,
    createdAt: r.createdAt.toISOString(),
  }));
}

export async function addDeadline(db: Db, actor: Actor, input: unknown): Promise<Deadline> {
  const data = deadlineInputSchema.parse(input);
  return db.transaction(async (tx) => {
    if (data.lawId) {
      const [law] = await tx.select({ id: laws.id }).from(laws).where(eq(laws.id, data.lawId));
      if (!law) {
        throw new (await import("@/lib/errors")).RuleError("Unknown law", [
          { path: "lawId", message: "validation.lawUnknown" },
        ]);
      }
    }
    const [row] = await tx
      .insert(internalDeadlines)
      .values({ ...data, createdBy: actor.type === "user" ? actor.id : null })
      .returning();
    if (!row) throw new Error("insert returned no row");
    const deadline = {
      id: row.id,
      title: row.title,
      date: row.date,
      lawId: row.lawId,
      notes: row.notes,
      createdAt: row.createdAt.toISOString(),
    };
    await recordAudit(tx, actor, {
      action: "deadline.create",
      entityType: "internal_deadline",
      entityId: row.id,
      after: deadline,
    });
    return deadline;
  });
}

export async function deleteDeadline(db: Db, actor: Actor, id: string): Promise<void> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new NotFoundError("No such deadline");
  await db.transaction(async (tx) => {
    const [row] = await tx
      .delete(internalDeadlines)
      .where(eq(internalDeadlines.id, id))
      .returning();
    if (!row) throw new NotFoundError("No such deadline");
    await recordAudit(tx, actor, {
      action: "deadline.delete",
      entityType: "internal_deadline",
      entityId: id,
      before: { title: row.title, date: row.date, lawId: row.lawId, notes: row.notes },
    });
  });
}
