import { withAuth } from "@/lib/http";
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
