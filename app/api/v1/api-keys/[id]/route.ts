import { revokeApiKey } from "@/lib/api-keys";
import { withAuth } from "@/lib/http";

export const dynamic = "force-dynamic";

export const DELETE = withAuth<{ id: string }>(
  { role: "admin", scope: "admin" },
  async (_request, { actor, params, db }) => {
    const apiKey = await revokeApiKey(db, actor, params.id, new Date());
    return Response.json({ apiKey });
  },
);
