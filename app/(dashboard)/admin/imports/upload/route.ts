import { withAuth } from "@/lib/http";
import { createImport } from "@/lib/imports/jobs";

export const dynamic = "force-dynamic";

/**
 * The upload of /admin/imports: the file is the body (streamed into the database in pieces),
 * its kind, format, name and source are the query. Answers the draft import.
 */
export const POST = withAuth(
  { role: "admin", uploadTypes: ["text/csv", "application/x-ndjson", "application/octet-stream"] },
  async (request, { actor, db }) => {
    const query = new URL(request.url).searchParams;
    const view = await createImport(
      db,
      actor,
      {
        kind: query.get("kind"),
        format: query.get("format"),
        fileName: query.get("name"),
        source: query.get("source") ?? "",
      },
      request.body,
    );
    return Response.json(view, { status: 201 });
  },
);
