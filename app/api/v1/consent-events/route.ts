import { getDb } from "@/db/client";
import { recordConsentEvents } from "@/lib/consent/ingest";
import { consentBatchSchema, MAX_BATCH, MAX_BODY_BYTES } from "@/lib/consent/schema";
import { HttpError, parseBody, readJson, withAuth } from "@/lib/http";

export const dynamic = "force-dynamic";

/** NDJSON: one event per line; a line that is not JSON is reported by its index. */
async function readNdjson(request: Request): Promise<unknown[]> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES)
    throw new HttpError(413, `The body is larger than ${MAX_BODY_BYTES} bytes`);
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES)
    throw new HttpError(413, `The body is larger than ${MAX_BODY_BYTES} bytes`);
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  if (lines.length === 0) throw new HttpError(400, "The body has no events");
  if (lines.length > MAX_BATCH) {
    throw new HttpError(422, "The request is invalid", [
      { path: "events", message: `Send at most ${MAX_BATCH} events per request` },
    ]);
  }
  const issues: { path: string; message: string }[] = [];
  const events = lines.map((line, index) => {
    try {
      return JSON.parse(line) as unknown;
    } catch {
      issues.push({ path: `events.${index}`, message: "This line is not valid JSON" });
      return null;
    }
  });
  if (issues.length)
    throw new HttpError(422, "Some lines are not valid JSON; nothing was stored", issues);
  return events;
}

export const POST = withAuth({ scope: "ingest" }, async (request, { actor }) => {
  const contentType = request.headers.get("content-type") ?? "";
  const events = contentType.includes("application/x-ndjson")
    ? await readNdjson(request)
    : parseBody(consentBatchSchema, await readJson(request, MAX_BODY_BYTES)).events;
  const result = await recordConsentEvents(await getDb(), actor, events, {
    gpcHeader: request.headers.get("sec-gpc") === "1",
  });
  return Response.json(result);
});
