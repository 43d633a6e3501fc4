"use server";
import { revalidatePath } from "next/cache";
import { requireRole } from "@/lib/auth/session";
import { attempt, textFields, type FormState } from "@/lib/forms";
import { MAX_LOGO_BYTES } from "@/lib/preferences/schema";
import {
  getPreferenceCenterSettings,
  setPreferenceCenterSettings,
} from "@/lib/preferences/settings";

/** Saves the preference page's settings; a new logo file replaces the old one. */
export async function savePreferenceCenterAction(
  _prev: FormState,
  form: FormData,
): Promise<FormState> {
  const { actor, db } = await requireRole("admin", "action:savePreferenceCenter");
  const current = await getPreferenceCenterSettings(db);
  const file = form.get("logo");
  let logo = form.get("removeLogo") === "on" ? null : current.logo;
  if (file instanceof File && file.size > 0) {
    if (file.size > MAX_LOGO_BYTES)
      return { status: "error", fieldErrors: { logo: ["validation.logoTooLarge"] } };
    logo = `data:${file.type};base64,${Buffer.from(await file.arrayBuffer()).toString("base64")}`;
  }
  const { failed } = await attempt(() =>
    setPreferenceCenterSettings(db, actor, {
      ...textFields(form, "companyName", "introEn", "introDe", "accentColor"),
      logo,
      embedOrigins: textFields(form, "embedOrigins").embedOrigins.split(/\s+/).filter(Boolean),
    }),
  );
  if (failed) {
    // One textarea holds every origin: its errors go under it, whichever line they are about.
    const fieldErrors: Record<string, string[]> = {};
    for (const [path, messages] of Object.entries(failed.fieldErrors ?? {}))
      (fieldErrors[path.replace(/^embedOrigins\.\d+$/, "embedOrigins")] ??= []).push(
        ...(messages ?? []),
      );
    return { ...failed, fieldErrors };
  }
  revalidatePath("/admin/preference-center");
  return { status: "ok" };
}
