import { queryFilter, readJson, withAuth, otherMethods } from "@/lib/http";
import { createPurpose, listPurposes } from "@/lib/purposes";
import { purposeFilter } from "@/lib/filters/purposes";

export const dynamic = "force-dynamic";

export const GET = withAuth({ role: "marketing", scope: "read" }, async (request, { db }) => {
  return Response.json({ purposes: await listPurposes(db, queryFilter(purposeFilter, request)) });
});

export const POST = withAuth({ role: "admin", scope: "admin" }, async (request, { actor, db }) => {
  const purpose = await createPurpose(db, actor, await readJson(request, 100_000));
  return Response.json(purpose, { status: 201 });
});

// Any other method: a 405 naming these, in the API's error shape.
export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
