import "server-only";
/** The preference page's settings (one row of `settings`), read on every view, audited on change. */
import type { Db } from "@/db/connect";
import type { Actor } from "@/lib/audit/record";
import { readSetting, saveSetting } from "@/lib/settings";
import { preferenceCenterSettingsSchema, type PreferenceCenterSettings } from "./schema";

export const PREFERENCE_SETTING = "preference_center";

/**
 * The settings as stored, field by field: a field the rules no longer allow (an embedding origin
 * with a wildcard, accepted before origins had to be host names) falls back to its default, or
 * for the origins is left out, and everything else stays as the admin saved it.
 */
export async function getPreferenceCenterSettings(db: Db): Promise<PreferenceCenterSettings> {
  const stored = (await readSetting(db, PREFERENCE_SETTING)) ?? {};
  const parsed = preferenceCenterSettingsSchema.safeParse(stored);
  if (parsed.success) return parsed.data;
  const fields = typeof stored === "object" && stored !== null ? stored : {};
  const shape = preferenceCenterSettingsSchema.shape;
  const kept: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (!(name in shape)) continue;
    if (name === "embedOrigins" && Array.isArray(value)) {
      kept[name] = value.filter((o) => shape.embedOrigins.safeParse([o]).success);
    } else if (shape[name as keyof typeof shape].safeParse(value).success) kept[name] = value;
  }
  return preferenceCenterSettingsSchema.parse(kept);
}

export async function setPreferenceCenterSettings(
  db: Db,
  actor: Actor,
  input: unknown,
  options: { keepLogo?: boolean } = {},
): Promise<PreferenceCenterSettings> {
  const value = preferenceCenterSettingsSchema.parse(input);
  return saveSetting(db, actor, {
    key: PREFERENCE_SETTING,
    // The logo kept is the one stored when the save runs: another admin's new logo saved since
    // this form was shown stays.
    value: options.keepLogo
      ? (before: unknown) => {
          const stored = preferenceCenterSettingsSchema.shape.logo.safeParse(
            (before as { logo?: unknown } | undefined)?.logo ?? null,
          );
          return { ...value, logo: stored.success ? stored.data : null };
        }
      : value,
    action: "preference_center.update",
    // The logo is large: the trail says whether it changed, not its bytes.
    trail: (v) => {
      const s = (v ?? null) as PreferenceCenterSettings | null;
      return s && { ...s, logo: s.logo ? `${s.logo.length} characters` : null };
    },
  });
}
