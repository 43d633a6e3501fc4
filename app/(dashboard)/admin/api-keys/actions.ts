"use server";
import { revalidatePath } from "next/cache";
import { createApiKey, revokeApiKey } from "@/lib/api-keys";
import { createApiKeySchema } from "@/lib/api-keys/schema";
import { requireRole } from "@/lib/auth/session";
import { now } from "@/lib/clock";
import { NotFoundError } from "@/lib/errors";
import { formErrorState, type FormState } from "@/lib/forms";
import type { CreatedKey } from "@/lib/form-state";

export async function createApiKeyAction(
  _prev: FormState<CreatedKey>,
  form: FormData,
): Promise<FormState<CreatedKey>> {
  const { actor, db } = await requireRole("admin", "action:createApiKey");
  const days = Number(form.get("expiresInDays") || 0);
  const at = new Date();
  const parsed = createApiKeySchema.safeParse({
    name: form.get("name"),
    scopes: form.getAll("scopes"),
    expiresAt: [30, 90, 365].includes(days)
      ? new Date(at.getTime() + days * 86_400_000).toISOString()
      : undefined,
  });
  if (!parsed.success) return formErrorState(parsed.error)!;
  const { key, apiKey } = await createApiKey(db, actor, parsed.data, { at });
  revalidatePath("/admin/api-keys");
  return { status: "ok", result: { name: apiKey.name, key } };
}

export async function revokeApiKeyAction(form: FormData): Promise<void> {
  const { actor, db } = await requireRole("admin", "action:revokeApiKey");
  try {
    await revokeApiKey(db, actor, String(form.get("id") ?? ""), now());
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error; // already gone: the list shows the truth
  }
  revalidatePath("/admin/api-keys");
}
