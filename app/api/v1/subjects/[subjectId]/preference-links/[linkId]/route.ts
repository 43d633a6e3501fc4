import { HttpError, withAuth, otherMethods } from "@/lib/http";
import { revokePreferenceLink } from "@/lib/preferences/links";

export const dynamic = "force-dynamic";

/**
 * Revokes one preference link of one customer (the one a forwarded e-mail carried), by the id
 * its creation answered; the customer's other links keep working. Privacy officers and admins,
 * and the keys that issue links.
 */
export const DELETE = withAuth<{ subjectId: string; linkId: string }>(
  { role: "privacy", scope: ["ingest", "admin"] },
  async (_request, { params, actor, db }) => {
    const { subjectId, linkId } = params;
    if (!subjectId || subjectId.length > 200) throw new HttpError(404, "No such subject id");
    const { revoked } = await revokePreferenceLink(db, actor, subjectId, linkId, new Date());
    if (revoked === 0) throw new HttpError(404, "No working link with this id for this customer");
    return Response.json({ revoked });
  },
);

// Any other method: a 405 naming these, in the API's error shape.
export const { GET, POST, PUT, PATCH, OPTIONS } = otherMethods("DELETE");
