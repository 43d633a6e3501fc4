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
    "occurredAt",
    "actorType",
    { header: "actor", value: (e) => e.actorLabel },
    "actorId",
    "ip",
    "action",
    "entityType",
    "entityId",
    "before",
    "after",
    "detail",
  ]);
  return csvResponse(csv, `firstparty-audit-${isoDay(now())}.csv`);
});
