import { withAuth, otherMethods } from "@/lib/http";
import { listPurposeVersions } from "@/lib/purposes";

export const dynamic = "force-dynamic";

export const GET = withAuth<{ key: string }>(
  { role: "marketing", scope: "read" },
  async (_request, { params, db }) => {
    return Response.json({
      key: params.key,
      versions: await listPurposeVersions(db, params.key),
    });
  },
);

// Any other method: a 405 naming these, in the API's error shape.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
