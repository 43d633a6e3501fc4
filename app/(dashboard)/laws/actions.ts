"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireRole } from "@/lib/auth/session";
import { NotFoundError } from "@/lib/errors";
import { formErrorState, type FormState } from "@/lib/forms";
import { addDeadline, createCustomLaw, deleteDeadline, setControl } from "@/lib/laws";
import type { ValuesState } from "@/lib/form-state";

function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

function revalidate() {
  revalidatePath("/laws");
  revalidatePath("/laws/obligations");
  revalidatePath("/");
}

export async function setControlAction(
  key: string,
  _prev: ValuesState,
  form: FormData,
): Promise<ValuesState> {
  const { actor, db } = await requireRole("privacy", "action:setControl");
  const values = {
    status: text(form, "status"),
    owner: text(form, "owner"),
    evidence: text(form, "evidence"),
    dueDate: text(form, "dueDate").trim() || null,
  };
  try {
    await setControl(db, actor, key, values);
  } catch (error) {
    const state = formErrorState(error);
    if (state) return { ...state, result: { values } };
    throw error;
  }
  revalidate();
  revalidatePath(`/laws/controls/${key}`);
  return { status: "ok", result: { values } };
}

export async function createCustomLawAction(
  _prev: ValuesState,
  form: FormData,
): Promise<ValuesState> {
  const { actor, db } = await requireRole("privacy", "action:createCustomLaw");
  const values = {
    name: text(form, "name"),
    shortName: text(form, "shortName"),
    jurisdictions: text(form, "jurisdictions")
      .split(/[\s,;]+/)
      .filter(Boolean),
    effectiveDate: text(form, "effectiveDate"),
    sourceUrl: text(form, "sourceUrl").trim(),
    obligations: form.getAll("obligations").map(String),
    notes: text(form, "notes"),
  };
  try {
    await createCustomLaw(db, actor, values);
  } catch (error) {
    const state = formErrorState(error);
    if (state) return { ...state, result: { values } };
    throw error;
  }
  revalidate();
  redirect("/laws#laws-table");
}

export async function addDeadlineAction(_prev: ValuesState, form: FormData): Promise<ValuesState> {
  const { actor, db } = await requireRole("privacy", "action:addDeadline");
  const values = {
    title: text(form, "title"),
    date: text(form, "date"),
    lawId: text(form, "lawId"),
    notes: text(form, "notes"),
  };
  try {
    await addDeadline(db, actor, values);
  } catch (error) {
    const state = formErrorState(error);
    if (state) return { ...state, result: { values } };
    throw error;
  }
  revalidate();
  return { status: "ok", result: { values: {} } };
}

export async function deleteDeadlineAction(id: string): Promise<void> {
  const { actor, db } = await requireRole("privacy", "action:deleteDeadline");
  try {
    await deleteDeadline(db, actor, id);
  } catch (error) {
    // Already deleted (another tab, another officer): the list simply no longer shows it.
    if (!(error instanceof NotFoundError)) throw error;
  }
  revalidate();
}
