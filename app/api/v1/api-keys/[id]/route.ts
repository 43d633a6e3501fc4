import { revokeApiKey } from "@/lib/api-keys";
import { withAuth, otherMethods } from "@/lib/http";

export const dynamic = "force-dynamic";

export const DELETE = withAuth<{ id: string }>(
  { role: "admin", scope: "admin" },
  async (_request, { actor, params, db }) => {
    const apiKey = await revokeApiKey(db, actor, params.id, new Date());
    return Response.json({ apiKey });
  },
);

// Any other method: a 405 naming these, in the API's error shape.
export const { GET, POST, PUT, PATCH, OPTIONS } = otherMethods("DELETE");
