import { RuleError } from "@/lib/errors";
import { jsonError, toErrorResponse, withAuth } from "@/lib/http";
import { englishMessage } from "@/lib/validation-messages";
import { createImport, MAX_UPLOAD_BYTES, uploadTooLarge } from "@/lib/imports/jobs";

export const dynamic = "force-dynamic";

/**
 * The upload of /admin/imports: the file is the body (streamed into the database in pieces),
 * its kind, format, name and source are the query. Answers the draft import, or 422 with each
 * issue's catalog key (`said`) beside its English.
 */
export const POST = withAuth(
  {
    role: "admin",
    scope: "admin",
    uploadTypes: ["text/csv", "application/x-ndjson", "application/octet-stream"],
  },
  async (request, { actor, db }) => {
    const query = new URL(request.url).searchParams;
    // A file announced larger than the limit is refused before a byte of it is stored.
    if (Number(request.headers.get("content-length")) > MAX_UPLOAD_BYTES)
      return toErrorResponse(uploadTooLarge());
    // The file is stored as its bytes arrive: a compressed one would be read as text.
    const encoding = (request.headers.get("content-encoding") ?? "").trim().toLowerCase();
    if (encoding !== "" && encoding !== "identity") {
      return jsonError(
        415,
        `The file's Content-Encoding "${encoding.slice(0, 40)}" is not read here: upload the file uncompressed`,
      );
    }
    try {
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
    } catch (error) {
      if (!(error instanceof RuleError)) throw error;
      // The page's own form says each issue in its reader's language: it gets the catalog key.
      const issues = error.issues.map((i) => ({ ...i, message: englishMessage(i.message) }));
      return jsonError(422, error.message, issues);
    }
  },
);
