"use server";
import { revalidatePath } from "next/cache";
import { after } from "next/server";
import { redirect } from "next/navigation";
import { requireRole } from "@/lib/auth/session";
import { ConflictError, NotFoundError, RuleError } from "@/lib/errors";
import { attempt } from "@/lib/forms";
import { cancelImport, runImportJob, startImport } from "@/lib/imports/jobs";
import { mappingConflicts, mappingFromForm } from "@/lib/imports/mapping-form";
import { saveSegmentMapping } from "@/lib/segment/settings";
import type { ValuesState } from "@/lib/form-state";

/** Starts a draft import with the mapping on the form; the job runs after the answer. */
export async function startImportAction(form: FormData): Promise<void> {
  const { actor, db } = await requireRole("admin", "action:startImport");
  const id = String(form.get("id") ?? "");
  // The page shows the mapping's problems again; nothing is started.
  const back = () =>
    redirect(`/admin/imports/${id}?${new URLSearchParams(form as never).toString()}`);
  // A field chosen for two columns (changed after the page last checked the mapping): the
  // mapping would keep the last of them without a word.
  if (mappingConflicts(form, headerOf(form)).length) back();
  try {
    await startImport(db, actor, id, mappingFromForm(form));
  } catch (error) {
    // Started meanwhile (another tab), or gone: the page shows the import as it is.
    const shown = [RuleError, ConflictError, NotFoundError].some((e) => error instanceof e);
    if (!shown) throw error;
    back();
  }
  after(() => runImportJob(db, id));
  redirect(`/admin/imports/${id}`);
}

/** The file's columns as the form names them (a form not sent by the page names none). */
function headerOf(form: FormData): string[] {
  try {
    const header: unknown = JSON.parse(String(form.get("header") ?? "[]"));
    return Array.isArray(header) ? header.map(String) : [];
  } catch {
    return [];
  }
}

export async function cancelImportAction(form: FormData): Promise<void> {
  const { actor, db } = await requireRole("admin", "action:cancelImport");
  const id = String(form.get("id") ?? "");
  try {
    await cancelImport(db, actor, id);
  } catch (error) {
    if (!(error instanceof RuleError)) throw error; // it ended meanwhile: the page shows how
  }
  revalidatePath(`/admin/imports/${id}`);
}

export async function saveSegmentAction(_prev: ValuesState, form: FormData): Promise<ValuesState> {
  const { actor, db } = await requireRole("admin", "action:saveSegmentMapping");
  const traits = form.getAll("trait").map(String);
  const identifiers = form.getAll("identifier").map(String);
  const attributes = form.getAll("attribute").map(String);
  const rows = traits
    .map((trait, i) => ({
      trait,
      identifier: identifiers[i] ?? "",
      attribute: attributes[i] ?? "",
    }))
    .filter((r) => r.trait.trim() || r.identifier.trim() || r.attribute.trim());
  const values = {
    traits: rows,
    source: String(form.get("source") ?? ""),
    defaultRegion: String(form.get("defaultRegion") ?? ""),
  };
  const { failed } = await attempt(() => saveSegmentMapping(db, actor, values), { values });
  if (failed) return failed;
  revalidatePath("/admin/imports");
  return { status: "ok", result: { values } };
}
