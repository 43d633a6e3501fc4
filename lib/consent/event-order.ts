import "server-only";
/**
 * Two decisions of one customer for one purpose at the same instant are ordered by eventId,
 * byte by byte (migration 0035 collates the column "C"). Before it, they were ordered by the
 * database's default collation, which on many servers (an English libc locale, ICU) sorts
 * "a-1" before "B-1": the figures kept from such ties are then of the other order, and every
 * later batch touching them would correct from the wrong start. On such a database the figures
 * are built once again from the event log; on one that already sorted byte by byte (PGlite, a
 * "C" locale) nothing changes.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/connect";
import { readSetting, storeSetting } from "@/lib/settings";
import { rowsOf } from "@/lib/sql-rows";
import { rebuildConsentRollups } from "./ingest";

const SETTING = "consent.eventOrder";
const BYTE_ORDER = 1;

/** Whether the database's default collation sorts text byte by byte. */
export async function sortsByteByByte(db: Db): Promise<boolean> {
  const [row] = rowsOf<{ bytewise: boolean }>(
    await db.execute(
      sql`select ('B-1'::text < 'a-1'::text and 'Z'::text < '_'::text and '_'::text < 'a'::text) as bytewise`,
    ),
  );
  return row?.bytewise === true;
}

/** Builds the consent figures again once where the old order differed; true if it did. */
export async function reorderSameInstantDecisions(db: Db): Promise<boolean> {
  if ((await readSetting(db, SETTING)) === BYTE_ORDER) return false;
  const rebuilt = !(await sortsByteByByte(db));
  if (rebuilt) await rebuildConsentRollups(db);
  await storeSetting(db, SETTING, BYTE_ORDER);
  return rebuilt;
}
