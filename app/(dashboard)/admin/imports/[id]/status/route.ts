import { after } from "next/server";
import { withAuth } from "@/lib/http";
import { getImport, isStale, resumeImportJobs } from "@/lib/imports/jobs";

export const dynamic = "force-dynamic";

/**
 * An import's progress, polled by its page. A queued import, or one whose runner went quiet (a
 * restarted or lost instance), is taken up by this instance after the answer.
 */
export const GET = withAuth<{ id: string }>({ role: "admin" }, async (_request, { db, params }) => {
  const view = await getImport(db, params.id);
  if (view.status === "queued" || isStale(view)) after(() => resumeImportJobs(db));
  return Response.json(view, { headers: { "cache-control": "no-store" } });
});
