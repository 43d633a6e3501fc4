import { HttpError, withAuth, otherMethods } from "@/lib/http";
import { readSubjectIdentity } from "@/lib/identity/person";

export const dynamic = "force-dynamic";

/**
 * The person a customer's profile belongs to and why: its profiles, the identifiers that join
 * them and those flagged and not used. For privacy officers, admins and admin keys, as a
 * customer's consent history is. Every lookup is audited.
 */
export const GET = withAuth<{ subjectId: string }>(
  { role: "privacy", scope: "admin", auditedRead: true },
  async (_request, { params, actor, db }) => {
    const subjectId = params.subjectId;
    const identity =
      subjectId && subjectId.length <= 200
        ? await readSubjectIdentity(db, actor, subjectId, "api")
        : null;
    if (!identity) throw new HttpError(404, "No profile is stored for this subject");
    return Response.json(identity, { headers: { "cache-control": "no-store" } });
  },
);

// Any other method: a 405 naming these, in the API's error shape.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
