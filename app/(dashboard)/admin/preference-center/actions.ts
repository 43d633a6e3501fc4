"use server";
import { revalidatePath } from "next/cache";
import { requireRole } from "@/lib/auth/session";
import { ConflictError } from "@/lib/errors";
import { updatePurpose } from "@/lib/purposes";
import { attempt, textFields, validationSayer, type FormState } from "@/lib/forms";
import { MAX_LOGO_BYTES } from "@/lib/preferences/schema";
import { setPreferenceCenterSettings } from "@/lib/preferences/settings";

/** Saves the preference page's settings; a new logo file replaces the old one. */
export async function savePreferenceCenterAction(
  _prev: FormState,
  form: FormData,
): Promise<FormState> {
  const { actor, db } = await requireRole("admin", "action:savePreferenceCenter");
  const file = form.get("logo");
  const uploaded = file instanceof File && file.size > 0 ? file : null;
  if (uploaded && uploaded.size > MAX_LOGO_BYTES)
    return { status: "error", fieldErrors: { logo: ["validation.logoTooLarge"] } };
  // A new file replaces the logo, "remove" removes it, and otherwise the stored one stays.
  const logo = uploaded
    ? `data:${uploaded.type};base64,${Buffer.from(await uploaded.arrayBuffer()).toString("base64")}`
    : null;
  const keepLogo = !uploaded && form.get("removeLogo") !== "on";
  const embedOrigins = textFields(form, "embedOrigins").embedOrigins.split(/\s+/).filter(Boolean);
  const { failed } = await attempt(() =>
    setPreferenceCenterSettings(
      db,
      actor,
      {
        ...textFields(form, "companyName", "introEn", "introDe", "accentColor"),
        logo,
        embedOrigins,
      },
      { keepLogo },
    ),
  );
  if (failed) {
    // One textarea holds every origin: its errors go under it, each after the origin it is
    // about, so the admin knows which of several to fix.
    const said = await validationSayer();
    const fieldErrors: Record<string, string[]> = {};
    for (const [path, messages] of Object.entries(failed.fieldErrors ?? {})) {
      const origin = /^embedOrigins\.(\d+)$/.exec(path);
      if (!origin) (fieldErrors[path] ??= []).push(...(messages ?? []));
      else
        (fieldErrors.embedOrigins ??= []).push(
          ...(messages ?? []).map((m) => `${embedOrigins[Number(origin[1])]}: ${said(m)}`),
        );
    }
    return { ...failed, fieldErrors };
  }
  revalidatePath("/admin/preference-center");
  return { status: "ok" };
}

/**
 * Saves one purpose's German name and customer texts: a new version of the purpose (audited, like any
 * edit), refused when someone saved the purpose since the form was shown.
 */
export async function savePurposeGermanAction(
  key: string,
  _prev: FormState<{ version: number }>,
  form: FormData,
): Promise<FormState<{ version: number }>> {
  const { actor, db } = await requireRole("admin", "action:savePurposeGerman");
  const texts = textFields(
    form,
    "nameDe",
    "customerTitleDe",
    "customerDescriptionDe",
    "customerValueDe",
  );
  try {
    const { value, failed } = await attempt(() =>
      updatePurpose(db, actor, key, { ...texts, version: Number(form.get("version")) }),
    );
    if (failed) return failed;
    revalidatePath("/admin/preference-center");
    revalidatePath(`/admin/purposes/${key}`);
    return { status: "ok", result: { version: value.version } };
  } catch (error) {
    if (error instanceof ConflictError) return { status: "error", message: "conflict" };
    throw error;
  }
}
