import { recordConsentEvents, resolveConsentEvents } from "@/lib/consent/ingest";
import { consentBatchSchema, MAX_BATCH, MAX_BODY_BYTES } from "@/lib/consent/schema";
import { parseBody, readJson, withAuth, otherMethods } from "@/lib/http";
import { readNdjson } from "@/lib/http/ndjson";
import { byLine, isCsv, readCsv } from "@/lib/http/csv-body";

export const dynamic = "force-dynamic";

export const POST = withAuth({ scope: "ingest" }, async (request, { actor, db }) => {
  const contentType = request.headers.get("content-type") ?? "";
  const gpcHeader = request.headers.get("sec-gpc") === "1";
  if (isCsv(contentType)) {
    const limits = { field: "events", maxBytes: MAX_BODY_BYTES, maxItems: MAX_BATCH };
    const csv = await readCsv(request, "consent", limits);
    return Response.json(
      await byLine(csv, "events", {
        store: () => recordConsentEvents(db, actor, csv.items, { gpcHeader }),
        check: () => resolveConsentEvents(db, csv.items, { now: new Date(), gpcHeader }),
      }),
    );
  }
  const events = contentType.includes("application/x-ndjson")
    ? await readNdjson(request, { field: "events", maxBytes: MAX_BODY_BYTES, maxItems: MAX_BATCH })
    : parseBody(consentBatchSchema, await readJson(request, MAX_BODY_BYTES)).events;
  return Response.json(await recordConsentEvents(db, actor, events, { gpcHeader }));
});

// Any other method: a 405 naming these, in the API's error shape.
export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
