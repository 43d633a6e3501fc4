"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireRole } from "@/lib/auth/session";
import { ConflictError } from "@/lib/errors";
import { attempt, formErrorState } from "@/lib/forms";
import {
  createPurpose,
  deletePurpose,
  retirePurpose,
  updatePurpose,
  type Purpose,
} from "@/lib/purposes";
import { purposeInputFromForm } from "@/lib/purposes/form";
import type { PurposeFormState } from "@/lib/form-state";

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
  try {
    const before = Number(values.version);
    const saved = await updatePurpose(db, actor, key, values);
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
  } catch (error) {
    if (error instanceof ConflictError && error.current) {
      const current = error.current as Purpose;
      // Keep the editor's input; the next save names the current version on purpose.
      return {
        status: "error",
        result: { values: { ...values, version: current.version }, conflict: current },
      };
    }
    const state = formErrorState(error);
    if (state) return { ...state, result: { values } };
    throw error;
  }
}

export async function retirePurposeAction(key: string, form: FormData): Promise<void> {
  const { actor, db } = await requireRole("admin", "action:retirePurpose");
  let stale = false;
  try {
    await retirePurpose(db, actor, key, Number(form.get("version")));
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    stale = true; // someone changed it meanwhile: show the current version and ask again
  }
  revalidatePath("/admin/purposes");
  revalidatePath(`/admin/purposes/${key}`);
  if (stale) redirect(`/admin/purposes/${key}?stale=1`);
}

export async function deletePurposeAction(key: string): Promise<void> {
  const { actor, db } = await requireRole("admin", "action:deletePurpose");
  await deletePurpose(db, actor, key);
  revalidatePath("/admin/purposes");
  redirect("/admin/purposes");
}
