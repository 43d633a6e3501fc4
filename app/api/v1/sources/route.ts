import { isoDay, now } from "@/lib/clock";
import { sourceFilter } from "@/lib/filters/sources";
import { queryFilter, readJson, withAuth, otherMethods } from "@/lib/http";
import { createSource, listSources } from "@/lib/sources";

export const dynamic = "force-dynamic";

export const GET = withAuth({ role: "marketing", scope: "read" }, async (request, { db }) => {
  const filter = queryFilter(sourceFilter, request);
  return Response.json({ sources: await listSources(db, filter, isoDay(now())) });
});

export const POST = withAuth({ role: "admin", scope: "admin" }, async (request, { actor, db }) => {
  const source = await createSource(db, actor, await readJson(request, 100_000));
  return Response.json(source, { status: 201 });
});

// Any other method: a 405 naming these, in the API's error shape.
export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
