import { after } from "next/server";
import { z } from "zod";
import { parseBody, readJson, withAuth } from "@/lib/http";
import { runImportJob, startImport } from "@/lib/imports/jobs";

export const dynamic = "force-dynamic";

const startSchema = z.object({ mapping: z.record(z.string(), z.string()).nullish() }).strict();

/**
 * Starts a draft import with a column mapping (`{ "mapping": { "<field>": "<column>" } }`;
 * without one, a CSV file's columns are mapped as its page offers, and NDJSON needs none): what
 * the page's Start button does, for scripts. The job runs after the answer.
 */
export const POST = withAuth<{ id: string }>(
  { role: "admin", scope: "admin" },
  async (request, { actor, db, params }) => {
    const { mapping } = parseBody(startSchema, await readJson(request));
    const view = await startImport(db, actor, params.id, mapping ?? null);
    after(() => runImportJob(db, params.id));
    return Response.json(view, { status: 202 });
  },
);
