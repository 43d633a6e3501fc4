"use server";
import { revalidatePath } from "next/cache";
import { requireRole } from "@/lib/auth/session";
import { revokePreferenceLink, revokePreferenceLinks } from "@/lib/preferences/links";

/** Revokes every working preference link of the customer the form names. */
export async function revokePreferenceLinksAction(form: FormData): Promise<void> {
  const { actor, db } = await requireRole("privacy", "action:revokePreferenceLinks");
  const subjectId = String(form.get("subjectId") ?? "");
  if (!subjectId || subjectId.length > 200) return;
  await revokePreferenceLinks(db, actor, subjectId, new Date());
  revalidatePath(`/consent/subjects/${encodeURIComponent(subjectId)}`);
}

/** Revokes the one working link of the customer the form names (a forwarded e-mail's). */
export async function revokePreferenceLinkAction(form: FormData): Promise<void> {
  const { actor, db } = await requireRole("privacy", "action:revokePreferenceLink");
  const subjectId = String(form.get("subjectId") ?? "");
  if (!subjectId || subjectId.length > 200) return;
  await revokePreferenceLink(db, actor, subjectId, String(form.get("linkId") ?? ""), new Date());
  revalidatePath(`/consent/subjects/${encodeURIComponent(subjectId)}`);
}
