/** Reads of the audit trail (newest first). */
import { desc } from "drizzle-orm";
import type { Db } from "@/db/connect";
import { auditEvents, type AuditEvent } from "@/db/schema";

export async function listAuditEvents(db: Db, limit = 200): Promise<AuditEvent[]> {
  return db
    .select()
    .from(auditEvents)
    .orderBy(desc(auditEvents.occurredAt), desc(auditEvents.id))
    .limit(limit);
}
