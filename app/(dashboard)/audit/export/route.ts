import { auditFilter } from "@/lib/filters/audit";
import { auditCsv } from "@/lib/audit/export";
import { isoDay, now } from "@/lib/clock";
import { csvResponse } from "@/lib/csv";
import { queryFilter, withAuth } from "@/lib/http";

export const dynamic = "force-dynamic";

// The audit log as CSV, with the same filters as the page (privacy officers and admins): the
// whole filtered log, read in pages as it is sent.
export const GET = withAuth({ role: "privacy" }, async (request, { db }) => {
  const filter = queryFilter(auditFilter, request);
  const pieces = auditCsv(db, filter);
  const encoder = new TextEncoder();
  // The first page is read before answering: a failure there is an error answer, not a cut file.
  let next = await pieces.next();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (next.done) return controller.close();
      controller.enqueue(encoder.encode(next.value));
      next = await pieces.next();
    },
    async cancel() {
      await pieces.return(undefined);
    },
  });
  return csvResponse(body, `firstparty-audit-${isoDay(now())}.csv`);
});
