import { recordConsentEvents } from "@/lib/consent/ingest";
import { consentBatchSchema, MAX_BATCH, MAX_BODY_BYTES } from "@/lib/consent/schema";
import { parseBody, readJson, withAuth } from "@/lib/http";
import { readNdjson } from "@/lib/http/ndjson";

export const dynamic = "force-dynamic";

export const POST = withAuth({ scope: "ingest" }, async (request, { actor, db }) => {
  const contentType = request.headers.get("content-type") ?? "";
  const events = contentType.includes("application/x-ndjson")
    ? await readNdjson(request, { field: "events", maxBytes: MAX_BODY_BYTES, maxItems: MAX_BATCH })
    : parseBody(consentBatchSchema, await readJson(request, MAX_BODY_BYTES)).events;
  const result = await recordConsentEvents(db, actor, events, {
    gpcHeader: request.headers.get("sec-gpc") === "1",
  });
  return Response.json(result);
});
