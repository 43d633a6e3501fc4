import { MAX_BODY_BYTES } from "@/lib/consent/schema";
import { batchSchema } from "@/lib/http/batch";
import { parseBody, readJson, withAuth, otherMethods } from "@/lib/http";
import { readNdjson } from "@/lib/http/ndjson";
import { byLine, isCsv, readCsv } from "@/lib/http/csv-body";
import { resolveProfiles, upsertProfiles } from "@/lib/profiles/ingest";
import { MAX_PROFILES_PER_BATCH } from "@/lib/profiles/schema";

export const dynamic = "force-dynamic";

const profileBatchSchema = batchSchema("profiles", "profile", MAX_PROFILES_PER_BATCH);

/** Batch upsert by subjectId (docs/api.md): validated whole, then stored in one transaction. */
export const POST = withAuth({ scope: "ingest" }, async (request, { actor, db }) => {
  const contentType = request.headers.get("content-type") ?? "";
  if (isCsv(contentType)) {
    const limits = {
      field: "profiles",
      maxBytes: MAX_BODY_BYTES,
      maxItems: MAX_PROFILES_PER_BATCH,
    };
    const csv = await readCsv(request, "profiles", limits);
    return Response.json(
      await byLine(csv, "profiles", {
        store: () => upsertProfiles(db, actor, csv.items),
        check: () => resolveProfiles(db, csv.items),
      }),
    );
  }
  const profiles = contentType.includes("application/x-ndjson")
    ? await readNdjson(request, {
        field: "profiles",
        maxBytes: MAX_BODY_BYTES,
        maxItems: MAX_PROFILES_PER_BATCH,
      })
    : parseBody(profileBatchSchema, await readJson(request, MAX_BODY_BYTES)).profiles;
  return Response.json(await upsertProfiles(db, actor, profiles));
});

// Any other method: a 405 naming these, in the API's error shape.
export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
