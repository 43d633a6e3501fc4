import "server-only";
/**
 * Every figure the dashboards read from summary tables, recomputed from what they summarise: the
 * consent rollups from the event log, the profile aggregates from the stored profiles, and the
 * consentable reach from both. Ingestion keeps them exact by itself; this is for rows written
 * around it (a COPY bulk load, a restore of the log alone) and to check them. `npm run
 * figures:rebuild` runs it.
 */
import type { Db } from "@/db/connect";
import { recordAudit, type Actor } from "@/lib/audit/record";
import { retryTransaction } from "@/lib/db-errors";
import { rebuildConsentRollups } from "@/lib/consent/ingest";
import { rebuildProfileRollups } from "@/lib/profiles/rollups";
import { lockAllSubjects } from "@/lib/subject-lock";
import { rowsOf } from "@/lib/sql-rows";
import { sql } from "drizzle-orm";

export type FiguresRebuilt = { consentEvents: number; profiles: number };

/**
 * In one transaction that first takes every customer's lock (so no consent or profile write
 * runs beside it: writers wait for it, then correct what it built), with its audit event.
 */
export function rebuildFigures(db: Db, actor: Actor): Promise<FiguresRebuilt> {
  return retryTransaction(() =>
    db.transaction(async (tx) => {
      await lockAllSubjects(tx);
      await rebuildConsentRollups(tx);
      await rebuildProfileRollups(tx);
      const [counted] = rowsOf<{ events: number | string; profiles: number | string }>(
        await tx.execute(sql`
          select (select count(*) from consent_events) as events,
                 (select count(*) from profiles) as profiles`),
      );
      const rebuilt = {
        consentEvents: Number(counted?.events ?? 0),
        profiles: Number(counted?.profiles ?? 0),
      };
      await recordAudit(tx, actor, {
        action: "figures.rebuild",
        entityType: "consent_events",
        detail: rebuilt,
      });
      return rebuilt;
    }),
  );
}
