import { readJson, withAuth, HttpError, zodIssues } from "@/lib/http";
import { createPurpose, listPurposes } from "@/lib/purposes";
import { purposeFilterSchema } from "@/lib/purposes/schema";

export const dynamic = "force-dynamic";

export const GET = withAuth({ role: "marketing", scope: "read" }, async (request, { db }) => {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const filter = purposeFilterSchema.safeParse(params);
  if (!filter.success)
    throw new HttpError(400, "The query string is invalid", zodIssues(filter.error));
  return Response.json({ purposes: await listPurposes(db, filter.data) });
});

export const POST = withAuth({ role: "admin", scope: "admin" }, async (request, { actor, db }) => {
  const purpose = await createPurpose(db, actor, await readJson(request, 100_000));
  return Response.json(purpose, { status: 201 });
});
