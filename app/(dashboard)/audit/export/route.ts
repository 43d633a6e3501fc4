import { auditFilter } from "@/lib/filters/audit";
import { listAuditEvents } from "@/lib/audit/query";
import { isoDay, now } from "@/lib/clock";
import { csvResponse, toCsv } from "@/lib/csv";
import { queryFilter, withAuth } from "@/lib/http";

export const dynamic = "force-dynamic";

// The audit log as CSV, with the same filters as the page (privacy officers and admins).
export const GET = withAuth({ role: "privacy" }, async (request, { db }) => {
  const filter = queryFilter(auditFilter, request);
  const events = await listAuditEvents(db, filter, 100_000);
  const csv = toCsv(events, [
    { header: "occurred_at", value: (e) => e.occurredAt },
    { header: "actor_type", value: (e) => e.actorType },
    { header: "actor", value: (e) => e.actorLabel },
    { header: "actor_id", value: (e) => e.actorId },
    { header: "ip", value: (e) => e.ip },
    { header: "action", value: (e) => e.action },
    { header: "entity_type", value: (e) => e.entityType },
    { header: "entity_id", value: (e) => e.entityId },
    { header: "before", value: (e) => e.before },
    { header: "after", value: (e) => e.after },
    { header: "detail", value: (e) => e.detail },
  ]);
  return csvResponse(csv, `firstparty-audit-${isoDay(now())}.csv`);
});
