import { HttpError, withAuth, otherMethods } from "@/lib/http";
import { revokePreferenceLinks } from "@/lib/preferences/links";

export const dynamic = "force-dynamic";

/**
 * Revokes every preference link of one customer that still works (a forwarded e-mail, an
 * erasure request): privacy officers and admins, and the keys that issue links.
 */
export const DELETE = withAuth<{ subjectId: string }>(
  { role: "privacy", scope: ["ingest", "admin"] },
  async (_request, { params, actor, db }) => {
    const subjectId = params.subjectId;
    if (!subjectId || subjectId.length > 200) throw new HttpError(404, "No such subject id");
    return Response.json(await revokePreferenceLinks(db, actor, subjectId, new Date()));
  },
);

// Any other method: a 405 naming these, in the API's error shape.
export const { GET, POST, PUT, PATCH, OPTIONS } = otherMethods("DELETE");
