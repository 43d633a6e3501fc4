import "server-only";
/**
 * Purposes by the name a reader of the dashboards knows them: the German name on German pages
 * where one is set, else the name. Figures keep the key and the name they were read with; pages
 * swap in these names for display only.
 */
import type { Db } from "@/db/connect";
import { purposes } from "@/db/schema";

export function purposeName(purpose: { name: string; nameDe?: string }, locale: string): string {
  return locale === "de" && purpose.nameDe ? purpose.nameDe : purpose.name;
}

/** Every purpose's display name in `locale`, by key. */
export async function purposeNames(db: Db, locale: string): Promise<Record<string, string>> {
  const rows = await db
    .select({ key: purposes.key, name: purposes.name, nameDe: purposes.nameDe })
    .from(purposes);
  return Object.fromEntries(rows.map((p) => [p.key, purposeName(p, locale)]));
}

/**
 * The purposes that have a name of their own in `locale` (German), by key: where a page keeps
 * another name otherwise (a version's name on the proof of consent).
 */
export async function translatedPurposeNames(
  db: Db,
  locale: string,
): Promise<Record<string, string>> {
  if (locale !== "de") return {};
  const rows = await db.select({ key: purposes.key, nameDe: purposes.nameDe }).from(purposes);
  return Object.fromEntries(rows.filter((p) => p.nameDe).map((p) => [p.key, p.nameDe]));
}
