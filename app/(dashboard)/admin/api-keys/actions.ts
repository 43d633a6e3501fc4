"use server";
import { revalidatePath } from "next/cache";
import { createApiKey, revokeApiKey } from "@/lib/api-keys";
import { requireRole } from "@/lib/auth/session";
import { NotFoundError } from "@/lib/errors";
import { attempt, type FormState } from "@/lib/forms";
import type { CreatedKey } from "@/lib/form-state";

export async function createApiKeyAction(
  _prev: FormState<CreatedKey>,
  form: FormData,
): Promise<FormState<CreatedKey>> {
  const { actor, db } = await requireRole("admin", "action:createApiKey");
  const days = Number(form.get("expiresInDays") || 0);
  const at = new Date();
  // Validated once, by createApiKey: its schema turns the expiry into a Date.
  const input = {
    name: form.get("name"),
    scopes: form.getAll("scopes"),
    expiresAt: [30, 90, 365].includes(days)
      ? new Date(at.getTime() + days * 86_400_000).toISOString()
      : undefined,
  };
  const { value, failed } = await attempt(() => createApiKey(db, actor, input, { at }));
  if (failed) return expiryOnItsField(failed);
  revalidatePath("/admin/api-keys");
  return { status: "ok", result: { name: value.apiKey.name, key: value.key } };
}

/** The form asks for the expiry as a number of days: its errors belong to that field. */
function expiryOnItsField(state: FormState<never>): FormState<CreatedKey> {
  if (state.status !== "error" || !state.fieldErrors?.expiresAt) return state;
  const { expiresAt, ...rest } = state.fieldErrors;
  return { ...state, fieldErrors: { ...rest, expiresInDays: expiresAt } };
}

export async function revokeApiKeyAction(form: FormData): Promise<void> {
  const { actor, db } = await requireRole("admin", "action:revokeApiKey");
  try {
    await revokeApiKey(db, actor, String(form.get("id") ?? ""), new Date());
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error; // already gone: the list shows the truth
  }
  revalidatePath("/admin/api-keys");
}
