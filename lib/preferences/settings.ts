import "server-only";
/** The preference page's settings (one row of `settings`), read on every view, audited on change. */
import type { Db } from "@/db/connect";
import type { Actor } from "@/lib/audit/record";
import { readSetting, saveSetting } from "@/lib/settings";
import { preferenceCenterSettingsSchema, type PreferenceCenterSettings } from "./schema";

const KEY = "preference_center";

export async function getPreferenceCenterSettings(db: Db): Promise<PreferenceCenterSettings> {
  const parsed = preferenceCenterSettingsSchema.safeParse((await readSetting(db, KEY)) ?? {});
  return parsed.success ? parsed.data : preferenceCenterSettingsSchema.parse({});
}

export async function setPreferenceCenterSettings(
  db: Db,
  actor: Actor,
  input: unknown,
): Promise<PreferenceCenterSettings> {
  const value = preferenceCenterSettingsSchema.parse(input);
  return saveSetting(db, actor, {
    key: KEY,
    value,
    action: "preference_center.update",
    // The logo is large: the trail says whether it changed, not its bytes.
    trail: (v) => {
      const s = (v ?? null) as PreferenceCenterSettings | null;
      return s && { ...s, logo: s.logo ? `${s.logo.length} characters` : null };
    },
  });
}
