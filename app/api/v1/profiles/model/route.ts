import { after } from "next/server";
import { readJson, withAuth, otherMethods } from "@/lib/http";
import { getCompletenessModel } from "@/lib/profiles/current-model";
import { latestRescoreJob, runRescoreJob, setCompletenessModel } from "@/lib/profiles/model";

export const dynamic = "force-dynamic";

/** The completeness model and the progress of the latest rescoring job. */
export const GET = withAuth({ role: "marketing", scope: "read" }, async (_request, { db }) => {
  const [model, job] = await Promise.all([getCompletenessModel(db), latestRescoreJob(db)]);
  return Response.json({ model, job });
});

/** Replaces the model (admins); every profile is rescored in the background. */
export const PUT = withAuth({ role: "admin", scope: "admin" }, async (request, { actor, db }) => {
  const { model, jobId } = await setCompletenessModel(db, actor, await readJson(request));
  after(() => runRescoreJob(db, jobId));
  return Response.json({ model, job: await latestRescoreJob(db) }, { status: 202 });
});

// Any other method: a 405 naming these, in the API's error shape.
export const { POST, PATCH, DELETE, OPTIONS } = otherMethods("GET", "PUT");
