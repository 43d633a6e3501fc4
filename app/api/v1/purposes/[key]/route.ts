import { readJson, withAuth } from "@/lib/http";
import { deletePurpose, getPurpose, updatePurpose } from "@/lib/purposes";

export const dynamic = "force-dynamic";

type Params = { key: string };

export const GET = withAuth<Params>(
  { role: "marketing", scope: "read" },
  async (_request, { params, db }) => {
    return Response.json(await getPurpose(db, params.key));
  },
);

/** Partial update naming the version edited; 409 with the current purpose when it is stale. */
export const PATCH = withAuth<Params>(
  { role: "admin", scope: "admin" },
  async (request, { actor, params, db }) => {
    const purpose = await updatePurpose(db, actor, params.key, await readJson(request, 100_000));
    return Response.json(purpose);
  },
);

/** Only a purpose without consent events can be deleted (409 otherwise: retire it). */
export const DELETE = withAuth<Params>(
  { role: "admin", scope: "admin" },
  async (_request, { actor, params, db }) => {
    await deletePurpose(db, actor, params.key);
    return new Response(null, { status: 204 });
  },
);
