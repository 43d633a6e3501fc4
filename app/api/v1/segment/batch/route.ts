import { apiIssue, parseBody, readJson, withAuth, otherMethods } from "@/lib/http";
import {
  asSegmentBatch,
  ingestSegmentBatch,
  MAX_SEGMENT_BODY_BYTES,
  segmentBatchSchema,
} from "@/lib/segment/ingest";

export const dynamic = "force-dynamic";

/**
 * A Segment-compatible source (docs/imports.md): the batches Segment's libraries send (or the
 * events Segment relays to an HTTP destination, one or a list at a time),
 * authenticated with an ingest key as the HTTP Basic user name (Segment's write key) or as a
 * bearer key.
 */
export const POST = withAuth(
  { scope: "ingest", basicKey: true },
  async (request, { actor, db }) => {
    const { batch, sentAt } = parseBody(
      segmentBatchSchema,
      asSegmentBatch(await readJson(request, MAX_SEGMENT_BODY_BYTES)),
    );
    const result = await ingestSegmentBatch(db, actor, batch, { sentAt });
    return Response.json({ success: true, ...result, issues: result.issues.map(apiIssue) });
  },
);

// Any other method: a 405 naming these, in the API's error shape.
export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
