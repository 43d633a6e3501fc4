import { HttpError, readJson, withAuth, otherMethods } from "@/lib/http";
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

/**
 * Only a purpose without consent events can be deleted (409 otherwise: retire it). With
 * `?version=N`, only that version: 409 with the current purpose when it changed since.
 */
export const DELETE = withAuth<Params>(
  { role: "admin", scope: "admin" },
  async (request, { actor, params, db }) => {
    const given = new URL(request.url).searchParams.get("version");
    if (given !== null && !/^[1-9]\d{0,8}$/.test(given)) {
      throw new HttpError(400, "The query string is invalid", [
        { path: "version", message: "version is the purpose's version, a whole number from 1" },
      ]);
    }
    await deletePurpose(db, actor, params.key, given === null ? undefined : Number(given));
    return new Response(null, { status: 204 });
  },
);

// Any other method: a 405 naming these, in the API's error shape.
export const { POST, PUT, OPTIONS } = otherMethods("GET", "PATCH", "DELETE");
