import "server-only";
/** The preference page's settings (one row of `settings`), read on every view, audited on change. */
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/connect";
import { settings } from "@/db/schema";
import { recordAudit, type Actor } from "@/lib/audit/record";
import { preferenceCenterSettingsSchema, type PreferenceCenterSettings } from "./schema";

const KEY = "preference_center";

export async function getPreferenceCenterSettings(db: Db): Promise<PreferenceCenterSettings> {
  const [row] = await db.select().from(settings).where(eq(settings.key, KEY));
  const parsed = preferenceCenterSettingsSchema.safeParse(row?.value ?? {});
  return parsed.success ? parsed.data : preferenceCenterSettingsSchema.parse({});
}

export async function setPreferenceCenterSettings(
  db: Db,
  actor: Actor,
  input: unknown,
): Promise<PreferenceCenterSettings> {
  const value = preferenceCenterSettingsSchema.parse(input);
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(settings).where(eq(settings.key, KEY)).for("update");
    await tx
      .insert(settings)
      .values({ key: KEY, value })
      .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: sql`now()` } });
    // The logo is large: the trail says whether it changed, not its bytes.
    const trail = (v: unknown) => {
      const s = (v ?? null) as PreferenceCenterSettings | null;
      return s && { ...s, logo: s.logo ? `${s.logo.length} characters` : null };
    };
    await recordAudit(tx, actor, {
      action: "preference_center.update",
      entityType: "setting",
      entityId: KEY,
      before: trail(before?.value),
      after: trail(value),
    });
    return value;
  });
}
