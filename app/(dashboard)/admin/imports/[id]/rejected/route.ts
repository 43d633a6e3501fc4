import { csvStreamResponse } from "@/lib/csv";
import { withAuth } from "@/lib/http";
import { getImport, rejectedRowsCsv } from "@/lib/imports/jobs";

export const dynamic = "force-dynamic";

/** The rows an import rejected, with their line and reason, as CSV (streamed). */
export const GET = withAuth<{ id: string }>(
  { role: "admin", scope: "admin" },
  async (_request, { db, params }) => {
    const view = await getImport(db, params.id);
    const name = view.fileName.replace(/\.[^.]+$/, "");
    return csvStreamResponse(rejectedRowsCsv(db, params.id), `${name}-rejected-rows.csv`);
  },
);
