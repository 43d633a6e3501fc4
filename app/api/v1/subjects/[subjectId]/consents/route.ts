import { now } from "@/lib/clock";
import { auditedSubjectRead, buildConsentReceipt, getSubjectConsents } from "@/lib/consent/history";
import { HttpError, withAuth, otherMethods } from "@/lib/http";

export const dynamic = "force-dynamic";

/** One customer's consent history (privacy officers, admins, admin keys); ?format=receipt for the receipt. */
export const GET = withAuth<{ subjectId: string }>(
  { role: "privacy", scope: "admin", auditedRead: true },
  async (request, { params, actor, db }) => {
    const subjectId = params.subjectId; // Next has already decoded the path segment
    if (!subjectId || subjectId.length > 200)
      throw new HttpError(404, "No consent events are recorded for this subject");
    if (new URL(request.url).searchParams.get("format") === "receipt") {
      const receipt = await auditedSubjectRead(db, actor, subjectId, "receipt", () =>
        buildConsentReceipt(db, subjectId, now()),
      );
      return new Response(JSON.stringify(receipt, null, 2), {
        headers: {
          "content-type": "application/json; charset=utf-8",
          "content-disposition": `attachment; filename="consent-receipt-${subjectId.replace(/[^\w.-]/g, "_")}.json"`,
          "cache-control": "no-store",
        },
      });
    }
    return Response.json(
      await auditedSubjectRead(db, actor, subjectId, "api", () =>
        getSubjectConsents(db, subjectId),
      ),
    );
  },
);

// Any other method: a 405 naming these, in the API's error shape.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
