import { withAuth } from "@/lib/http";
import { getImport, rejectedRowsCsv } from "@/lib/imports/jobs";

export const dynamic = "force-dynamic";

/** The rows an import rejected, with their line and reason, as CSV (streamed). */
export const GET = withAuth<{ id: string }>(
  { role: "admin", scope: "admin" },
  async (_request, { db, params }) => {
    const view = await getImport(db, params.id);
    const rows = rejectedRowsCsv(db, params.id);
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await rows.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      },
    });
    const name = view.fileName.replace(/\.[^.]+$/, "").replace(/[^\w.-]+/g, "_");
    return new Response(body, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${name}-rejected-rows.csv"`,
        "cache-control": "no-store",
      },
    });
  },
);
