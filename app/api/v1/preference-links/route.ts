import { appOrigin, parseBody, readJson, withAuth, otherMethods } from "@/lib/http";
import { createPreferenceLink } from "@/lib/preferences/links";
import { createPreferenceLinkSchema } from "@/lib/preferences/schema";

export const dynamic = "force-dynamic";

/** A preference-center link for one customer (ingest or admin keys: the systems that mail them). */
export const POST = withAuth({ scope: ["ingest", "admin"] }, async (request, { actor, db }) => {
  const input = parseBody(createPreferenceLinkSchema, await readJson(request, 10_000));
  const link = await createPreferenceLink(db, actor, input, {
    origin: appOrigin(request),
    now: new Date(),
  });
  return Response.json(link, { status: 201 });
});

// Any other method: a 405 naming these, in the API's error shape.
export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
