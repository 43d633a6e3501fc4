import "server-only";
/**
 * The consent rate straight from the raw event log (no rollups): for each purpose, subjects
 * whose latest decision at or before the end of `day` is a grant, over subjects with any
 * decision by then. Slow on purpose: it is the reference the rollups are checked against.
 */
import { sql } from "drizzle-orm";
import { rowsOf } from "@/lib/sql-rows";
import type { Db } from "@/db/connect";

export type RawRate = { purposeId: string; decided: number; granted: number };

export async function rawRatesAsOf(
  db: Db,
  day: string,
  filter: { region?: string; channel?: string } = {},
): Promise<RawRate[]> {
  const result = await db.execute<{ purpose_id: string; decided: number; granted: number }>(sql`
    select purpose_id, count(*)::float8 as decided, (count(*) filter (where action = 'grant'))::float8 as granted
    from (
      select distinct on (subject_id, purpose_id) subject_id, purpose_id, action, region, channel
      from consent_events
      where occurred_at < (${day}::date + 1)::timestamp at time zone 'UTC'
      order by subject_id, purpose_id, occurred_at desc, event_id desc
    ) latest
    where (${filter.region ?? null}::text is null or region = ${filter.region ?? null})
      and (${filter.channel ?? null}::text is null or channel::text = ${filter.channel ?? null})
    group by purpose_id
    order by purpose_id
  `);
  return rowsOf<{ purpose_id: string; decided: number; granted: number }>(result).map((r) => ({
    purposeId: r.purpose_id,
    decided: Number(r.decided),
    granted: Number(r.granted),
  }));
}
