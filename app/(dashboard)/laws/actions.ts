"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireRole } from "@/lib/auth/session";
import { NotFoundError } from "@/lib/errors";
import { attempt, textFields } from "@/lib/forms";
import { addDeadline, createCustomLaw, deleteDeadline, setControl } from "@/lib/laws";
import type { ControlFormResult, ControlFormState, ValuesState } from "@/lib/form-state";
import type { ControlView } from "@/lib/laws/views";

function revalidate() {
  revalidatePath("/laws");
  revalidatePath("/laws/obligations");
  revalidatePath("/");
}

export async function setControlAction(
  key: string,
  _prev: ControlFormState,
  form: FormData,
): Promise<ControlFormState> {
  const { actor, db } = await requireRole("privacy", "action:setControl");
  const { dueDate, ...control } = textFields(form, "status", "owner", "evidence", "dueDate");
  const values = { ...control, dueDate: dueDate.trim() || null };
  // The stamp of the control the form was opened on; empty when it had not been set yet.
  const opened = form.get("updatedAt");
  const saved = await attempt<ControlView, ControlFormResult, ControlView>(
    () =>
      setControl(db, actor, key, values, typeof opened === "string" ? opened || null : undefined),
    { values: { ...values, updatedAt: opened } },
    (current) => ({ values: { ...values, updatedAt: current.updatedAt }, conflict: current }),
  );
  if (saved.failed) return saved.failed;
  revalidate();
  revalidatePath(`/laws/controls/${key}`);
  return { status: "ok", result: { values: { ...values, updatedAt: saved.value.updatedAt } } };
}

export async function createCustomLawAction(
  _prev: ValuesState,
  form: FormData,
): Promise<ValuesState> {
  const { actor, db } = await requireRole("privacy", "action:createCustomLaw");
  const names = [
    "name",
    "shortName",
    "jurisdictions",
    "effectiveDate",
    "sourceUrl",
    "notes",
  ] as const;
  const { jurisdictions, sourceUrl, ...law } = textFields(form, ...names);
  const values = {
    ...law,
    jurisdictions: jurisdictions.split(/[\s,;]+/).filter(Boolean),
    sourceUrl: sourceUrl.trim(),
    obligations: form.getAll("obligations").map(String),
  };
  const { failed } = await attempt(() => createCustomLaw(db, actor, values), { values });
  if (failed) return failed;
  revalidate();
  redirect("/laws#laws-table");
}

export async function addDeadlineAction(_prev: ValuesState, form: FormData): Promise<ValuesState> {
  const { actor, db } = await requireRole("privacy", "action:addDeadline");
  const values = textFields(form, "title", "date", "lawId", "notes");
  const { failed } = await attempt(() => addDeadline(db, actor, values), { values });
  if (failed) return failed;
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
