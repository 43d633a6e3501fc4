"use server";
import { revalidatePath } from "next/cache";
import { requireRole } from "@/lib/auth/session";
import { now } from "@/lib/clock";
import { revokePreferenceLinks } from "@/lib/preferences/links";

/** Revokes every working preference link of the customer the form names. */
export async function revokePreferenceLinksAction(form: FormData): Promise<void> {
  const { actor, db } = await requireRole("privacy", "action:revokePreferenceLinks");
  const subjectId = String(form.get("subjectId") ?? "");
  if (!subjectId || subjectId.length > 200) return;
  await revokePreferenceLinks(db, actor, subjectId, now());
  revalidatePath(`/consent/subjects/${encodeURIComponent(subjectId)}`);
}
