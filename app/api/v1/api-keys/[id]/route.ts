import { z } from "zod";
import { getDb } from "@/db/client";
import { revokeApiKey } from "@/lib/api-keys";
import { now } from "@/lib/clock";
import { HttpError, withAuth } from "@/lib/http";

export const dynamic = "force-dynamic";

export const DELETE = withAuth<{ id: string }>(
  { role: "admin", scope: "admin" },
  async (_request, { actor, params }) => {
    const id = z.uuid().safeParse(params.id);
    if (!id.success) throw new HttpError(404, "No API key with this id");
    const apiKey = await revokeApiKey(await getDb(), actor, id.data, now());
    return Response.json({ apiKey });
  },
);
