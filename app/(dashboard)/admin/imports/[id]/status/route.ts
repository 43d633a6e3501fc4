import { after } from "next/server";
import { withAuth } from "@/lib/http";
import { getImport, resumeImportJobs } from "@/lib/imports/jobs";

export const dynamic = "force-dynamic";

/**
 * An import's progress, polled by its page. A queued import, one whose runner went quiet (a
 * restarted or lost instance) or a failed one due for another attempt is taken up by this
 * instance after the answer (every instance also looks for them on its own: lib/job-sweeper).
 */
export const GET = withAuth<{ id: string }>(
  { role: "admin", scope: "admin" },
  async (_request, { db, params }) => {
    const view = await getImport(db, params.id);
    // Whether a running import's runner went quiet is judged by the database's clock, which
    // writes the heartbeats (resumeImportJobs takes only what claimJob would), not this one's.
    if (view.status === "queued" || view.status === "running" || view.retrying)
      after(() => resumeImportJobs(db));
    return Response.json(view, { headers: { "cache-control": "no-store" } });
  },
);
