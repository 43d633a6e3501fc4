"use server";
import { z } from "zod";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireRole } from "@/lib/auth/session";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { attempt } from "@/lib/forms";
import {
  createPurpose,
  deletePurpose,
  retirePurpose,
  updatePurpose,
  type Purpose,
} from "@/lib/purposes";
import { purposeInputFromForm } from "@/lib/purposes/form";
import type { PurposeFormResult, PurposeFormState } from "@/lib/form-state";

/**
 * Runs a change of a purpose that another admin may have deleted since the page was opened: the
 * list then says so (nothing was changed) rather than the error page.
 */
async function unlessDeleted<T>(key: string, change: () => Promise<T>): Promise<T> {
  try {
    return await change();
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    revalidatePath("/admin/purposes");
    redirect(`/admin/purposes?gone=${encodeURIComponent(key)}`);
  }
}

export async function createPurposeAction(
  _prev: PurposeFormState,
  form: FormData,
): Promise<PurposeFormState> {
  const { actor, db } = await requireRole("admin", "action:createPurpose");
  const values = purposeInputFromForm(form);
  const created = await attempt(() => createPurpose(db, actor, values), { values });
  if (created.failed) return created.failed;
  revalidatePath("/admin/purposes");
  redirect(`/admin/purposes/${created.value.key}`);
}

export async function updatePurposeAction(
  key: string,
  _prev: PurposeFormState,
  form: FormData,
): Promise<PurposeFormState> {
  const { actor, db } = await requireRole("admin", "action:updatePurpose");
  const values = purposeInputFromForm(form);
  const before = Number(values.version);
  const updated = await attempt<Purpose, PurposeFormResult, Purpose>(
    () => unlessDeleted(key, () => updatePurpose(db, actor, key, values)),
    { values },
    // Keep the editor's input; the next save names the current version on purpose.
    (current) => ({ values: { ...values, version: current.version }, conflict: current }),
  );
  if (updated.failed) return updated.failed;
  const saved = updated.value;
  revalidatePath("/admin/purposes");
  revalidatePath(`/admin/purposes/${key}`);
  return {
    status: "ok",
    result: {
      values: { ...values, version: saved.version },
      saved,
      unchanged: saved.version === before,
    },
  };
}

export async function retirePurposeAction(key: string, form: FormData): Promise<void> {
  const { actor, db } = await requireRole("admin", "action:retirePurpose");
  let stale = false;
  try {
    await unlessDeleted(key, () => retirePurpose(db, actor, key, Number(form.get("version"))));
  } catch (error) {
    // Someone changed it meanwhile (or the form's version is no version): show the current
    // version and ask again.
    if (!(error instanceof ConflictError || error instanceof z.ZodError)) throw error;
    stale = true;
  }
  revalidatePath("/admin/purposes");
  revalidatePath(`/admin/purposes/${key}`);
  if (stale) redirect(`/admin/purposes/${key}?stale=1`);
}

export async function deletePurposeAction(key: string, form: FormData): Promise<void> {
  const { actor, db } = await requireRole("admin", "action:deletePurpose");
  try {
    await deletePurpose(db, actor, key, Number(form.get("version")));
  } catch (error) {
    // Deleted meanwhile by another admin: what was asked is done, and the list shows it.
    if (error instanceof NotFoundError) redirect("/admin/purposes");
    if (!(error instanceof ConflictError)) throw error;
    // Changed meanwhile, or consent events arrived: show the purpose as it is now.
    revalidatePath(`/admin/purposes/${key}`);
    redirect(`/admin/purposes/${key}?stale=delete`);
  }
  revalidatePath("/admin/purposes");
  redirect("/admin/purposes");
}
