import "server-only";
/**
 * Consent on an older version: for each purpose whose last edits needed fresh consent, how many
 * customers' current decision is still a grant given to a version before that one. Those grants
 * do not cover the purpose as it is now; the preference page asks these customers again.
 */
import { sql } from "drizzle-orm";
import { rowsOf } from "@/lib/sql-rows";
import type { Db } from "@/db/connect";

export type OutdatedConsent = {
  key: string;
  name: string;
  /** Grants on versions before this one need renewing. */
  fromVersion: number;
  /** Customers whose current grant predates fromVersion. */
  customers: number;
};

export async function getOutdatedConsents(db: Db): Promise<OutdatedConsent[]> {
  type Row = { key: string; name: string; from_version: number; customers: string };
  const result = await db.execute<Row>(sql`
    select p.key, p.name, p.reconsent_from_version as from_version,
           count(*) filter (where latest.action = 'grant'
                              and latest.purpose_version < p.reconsent_from_version)::text as customers
    from purposes p
    left join lateral (
      select distinct on (e.subject_id) e.action, e.purpose_version
      from consent_events e
      where e.purpose_id = p.id
      order by e.subject_id, e.occurred_at desc, e.event_id desc
    ) latest on true
    where p.reconsent_from_version is not null and p.status <> 'retired'
    group by p.id
    order by p.key`);
  return rowsOf<Row>(result).map((r) => ({
    key: r.key,
    name: r.name,
    fromVersion: Number(r.from_version),
    customers: Number(r.customers),
  }));
}
