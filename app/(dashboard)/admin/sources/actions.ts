"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireRole } from "@/lib/auth/session";
import { isoDay, now } from "@/lib/clock";
import { decimalField } from "@/lib/decimal";
import { ConflictError } from "@/lib/errors";
import { attempt } from "@/lib/forms";
import {
  clearPhaseOutTarget,
  createSource,
  retireSourceNow,
  setPhaseOutTarget,
  updateSource,
  type DataSource,
} from "@/lib/sources";
import { sourceInputFromForm } from "@/lib/sources/form";
import type { PhaseOutFormState, SourceFormResult, SourceFormState } from "@/lib/form-state";

function revalidate(key?: string) {
  revalidatePath("/admin/sources");
  revalidatePath("/sources");
  revalidatePath("/");
  if (key) revalidatePath(`/admin/sources/${key}`);
}

export async function createSourceAction(
  _prev: SourceFormState,
  form: FormData,
): Promise<SourceFormState> {
  const { actor, db } = await requireRole("admin", "action:createSource");
  const values = sourceInputFromForm(form);
  const { failed } = await attempt(() => createSource(db, actor, values), { values });
  if (failed) return failed;
  revalidate();
  redirect("/admin/sources");
}

export async function updateSourceAction(
  key: string,
  _prev: SourceFormState,
  form: FormData,
): Promise<SourceFormState> {
  const { actor, db } = await requireRole("admin", "action:updateSource");
  const values = sourceInputFromForm(form);
  const opened = form.get("updatedAt");
  const updated = await attempt<DataSource, SourceFormResult, DataSource>(
    () =>
      updateSource(
        db,
        actor,
        key,
        values,
        typeof opened === "string" && opened ? opened : undefined,
      ),
    // A refused save leaves the form on the source it was opened on.
    { values: { ...values, updatedAt: opened } },
    // Keep the editor's input; the next save names the current stamp on purpose.
    (current) => ({
      values: { ...values, updatedAt: current.updatedAt },
      conflict: current,
    }),
  );
  if (updated.failed) return updated.failed;
  revalidate(key);
  const saved = updated.value;
  return { status: "ok", result: { values: { ...values, updatedAt: saved.updatedAt }, saved } };
}

export async function retireSourceAction(key: string): Promise<void> {
  const { actor, db } = await requireRole("admin", "action:retireSource");
  try {
    await retireSourceNow(db, actor, key, isoDay(now()));
  } catch (error) {
    // Changed by others on every try: the page shows the source as it now is, to decide again.
    if (!(error instanceof ConflictError)) throw error;
  }
  revalidate(key);
}

/** Saves the phase-out target, or removes it (the form's "remove" button: `intent=clear`). */
export async function setPhaseOutTargetAction(
  _prev: PhaseOutFormState,
  form: FormData,
): Promise<PhaseOutFormState> {
  const { actor, db } = await requireRole("admin", "action:setPhaseOutTarget");
  if (form.get("intent") === "clear") {
    // Removed meanwhile by another admin: said so, not claimed as this one's removal.
    const removed = await clearPhaseOutTarget(db, actor);
    revalidate();
    return { status: "ok", result: { cleared: true, alreadyGone: !removed } };
  }
  const percent = decimalField(String(form.get("targetShare") ?? ""));
  const { failed } = await attempt(() =>
    setPhaseOutTarget(
      db,
      actor,
      {
        targetDate: form.get("targetDate"),
        targetThirdPartyShare: percent === undefined ? undefined : percent / 100,
      },
      isoDay(now()),
    ),
  );
  if (failed) {
    // The form asks for a percentage; report the share's error under that field.
    const fieldErrors = { ...failed.fieldErrors };
    if (fieldErrors.targetThirdPartyShare)
      fieldErrors.targetShare = fieldErrors.targetThirdPartyShare;
    return { ...failed, fieldErrors };
  }
  revalidate();
  return { status: "ok" };
}
