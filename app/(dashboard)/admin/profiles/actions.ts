"use server";
import { revalidatePath } from "next/cache";
import { after } from "next/server";
import { requireRole } from "@/lib/auth/session";
import { ConflictError } from "@/lib/errors";
import { decimalField } from "@/lib/decimal";
import { attempt, formErrorState } from "@/lib/forms";
import { setMatchingConfig } from "@/lib/identity/person";
import { runRescoreJob, setCompletenessModel } from "@/lib/profiles/model";
import type { ModelFormState, ValuesState } from "@/lib/form-state";

export async function saveModelAction(
  _prev: ModelFormState,
  form: FormData,
): Promise<ModelFormState> {
  const { actor, db } = await requireRole("admin", "action:saveCompletenessModel");
  const groups = form.getAll("group").map(String);
  const names = form.getAll("name").map(String);
  const weights = form.getAll("weight").map(String);
  const rows = groups.map((group, i) => ({
    group,
    name: names[i] ?? "",
    weight: weights[i] ?? "",
  }));
  const attributes = rows.map((r) => ({
    group: r.group,
    name: r.name,
    weight: decimalField(r.weight) ?? Number.NaN,
  }));
  const version = Number(form.get("version"));
  try {
    const { jobId } = await setCompletenessModel(db, actor, {
      attributes,
      version: Number.isInteger(version) && version > 0 ? version : undefined,
    });
    // Rescoring runs after the answer is sent; any instance resumes it if this one stops.
    after(() => runRescoreJob(db, jobId));
  } catch (error) {
    if (error instanceof ConflictError)
      return { status: "error", message: "conflict", result: { rows } };
    const state = formErrorState(error);
    if (state) return { ...state, result: { rows } };
    throw error;
  }
  revalidatePath("/admin/profiles");
  revalidatePath("/profiles");
  return { status: "ok", result: { rows } };
}

export async function saveMatchingAction(_prev: ValuesState, form: FormData): Promise<ValuesState> {
  const { actor, db } = await requireRole("admin", "action:saveMatching");
  const raw = String(form.get("maxProfiles") ?? "").trim();
  const values = {
    types: form.getAll("types").map(String),
    maxProfiles: raw === "" ? Number.NaN : Number(raw),
  };
  const { failed } = await attempt(() => setMatchingConfig(db, actor, values), {
    values: { ...values, maxProfiles: raw },
  });
  if (failed) return failed;
  revalidatePath("/admin/profiles");
  revalidatePath("/profiles");
  return { status: "ok", result: { values: { ...values, maxProfiles: raw } } };
}
