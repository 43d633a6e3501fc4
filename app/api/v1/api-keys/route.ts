import { createApiKey, listApiKeys } from "@/lib/api-keys";
import { createApiKeySchema } from "@/lib/api-keys/schema";
import { parseBody, readJson, withAuth, otherMethods } from "@/lib/http";

export const dynamic = "force-dynamic";

export const GET = withAuth({ role: "admin", scope: "admin" }, async (_request, { db }) => {
  return Response.json({ apiKeys: await listApiKeys(db) });
});

export const POST = withAuth({ role: "admin", scope: "admin" }, async (request, { actor, db }) => {
  const input = parseBody(createApiKeySchema, await readJson(request, 10_000));
  const { id, key, apiKey } = await createApiKey(db, actor, input);
  return Response.json({ id, key, apiKey }, { status: 201 });
});

// Any other method: a 405 naming these, in the API's error shape.
export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
