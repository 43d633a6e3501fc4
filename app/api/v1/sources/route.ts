import { isoDay, now } from "@/lib/clock";
import { HttpError, readJson, withAuth, zodIssues } from "@/lib/http";
import { createSource, listSources } from "@/lib/sources";
import { sourceFilterSchema } from "@/lib/sources/schema";

export const dynamic = "force-dynamic";

export const GET = withAuth({ role: "marketing", scope: "read" }, async (request, { db }) => {
  const filter = sourceFilterSchema.safeParse(
    Object.fromEntries(new URL(request.url).searchParams),
  );
  if (!filter.success)
    throw new HttpError(400, "The query string is invalid", zodIssues(filter.error));
  return Response.json({ sources: await listSources(db, filter.data, isoDay(now())) });
});

export const POST = withAuth({ role: "admin", scope: "admin" }, async (request, { actor, db }) => {
  const source = await createSource(db, actor, await readJson(request, 100_000));
  return Response.json(source, { status: 201 });
});
