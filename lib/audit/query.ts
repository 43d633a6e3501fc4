import "server-only";
/** Reads of the audit trail (newest first), filtered by actor, entity, action and date. */
import { and, desc, eq, gte, ilike, lt, or, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/connect";
import { auditEvents, type AuditEvent } from "@/db/schema";

const day = z.iso.date("validation.dateFormat");

export const auditFilterSchema = z.object({
  actor: z.string().trim().max(200).optional(),
  entityType: z.string().trim().max(50).optional(),
  entityId: z.string().trim().max(200).optional(),
  action: z.string().trim().max(100).optional(),
  /** First day included (UTC). */
  from: day.optional(),
  /** Last day included (UTC). */
  to: day.optional(),
});
export type AuditFilter = z.output<typeof auditFilterSchema>;

export const entityTypes = [
  "user",
  "api_key",
  "purpose",
  "route",
  "data_source",
  "control",
  "law",
  "internal_deadline",
  "law_catalog",
] as const;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function listAuditEvents(
  db: Db,
  filter: AuditFilter = {},
  limit = 200,
): Promise<AuditEvent[]> {
  const where: SQL[] = [];
  if (filter.actor) {
    const like = `%${escapeLike(filter.actor)}%`;
    where.push(or(ilike(auditEvents.actorLabel, like), eq(auditEvents.actorId, filter.actor))!);
  }
  if (filter.entityType) where.push(eq(auditEvents.entityType, filter.entityType));
  if (filter.entityId) where.push(eq(auditEvents.entityId, filter.entityId));
  if (filter.action) where.push(ilike(auditEvents.action, `${escapeLike(filter.action)}%`));
  if (filter.from) where.push(gte(auditEvents.occurredAt, new Date(`${filter.from}T00:00:00Z`)));
  if (filter.to) {
    const end = new Date(`${filter.to}T00:00:00Z`);
    end.setUTCDate(end.getUTCDate() + 1);
    where.push(lt(auditEvents.occurredAt, end));
  }
  return db
    .select()
    .from(auditEvents)
    .where(and(...where))
    .orderBy(desc(auditEvents.occurredAt), desc(auditEvents.id))
    .limit(limit);
}

/** The trail of one entity (a purpose, a user, …), newest first. */
export function listAuditEventsFor(
  db: Db,
  entityType: string,
  entityId: string,
): Promise<AuditEvent[]> {
  return listAuditEvents(db, { entityType, entityId }, 1000);
}
