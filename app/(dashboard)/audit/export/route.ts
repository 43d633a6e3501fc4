import { auditFilter } from "@/lib/filters/audit";
import { auditCsv } from "@/lib/audit/export";
import { isoDay, now } from "@/lib/clock";
import { csvStreamResponse } from "@/lib/csv";
import { queryFilter, withAuth } from "@/lib/http";

export const dynamic = "force-dynamic";

// The audit log as CSV, with the same filters as the page (privacy officers and admins): the
// whole filtered log, read in pages as it is sent.
export const GET = withAuth({ role: "privacy" }, async (request, { db }) => {
  const filter = queryFilter(auditFilter, request);
  return csvStreamResponse(auditCsv(db, filter), `firstparty-audit-${isoDay(now())}.csv`);
});
