import "server-only";
/**
 * The planner's statistics kept in step with the tables' growth. PostgreSQL plans a query from
 * what it last learnt of each table (ANALYZE); autovacuum analyzes a table once a tenth of it has
 * changed, but the embedded database has no autovacuum at all, and a PostgreSQL may run without
 * it. A table never analyzed, or grown far past what was analyzed, is then planned as it was:
 * empty. The plans the database keeps for foreign-key checks are the costliest case: made for an
 * empty `profiles`, every profile identifier stored scans all profiles, and a Segment batch that
 * took 49 ms at the median took 109 ms (and 660 ms at the 95th percentile) after 70,000 customers
 * (docs/benchmarks.md).
 *
 * Every instance's job sweeper therefore analyzes each table of the schema that has grown to
 * twice the pages the planner last recorded for it (by ANALYZE, VACUUM or an index's build), or
 * that was never analyzed, from a small size on. ANALYZE reads a sample (about a second for a
 * million rows) and blocks no writer; a table is analyzed again only after it doubles again. A
 * table being analyzed or vacuumed already (by another instance, by autovacuum) is skipped, not
 * waited for. A table the app's database role may not analyze (neither its owner's nor the
 * database's owner's role, nor a superuser) is left out: PostgreSQL would skip it with a warning
 * at every sweep (docs/operations.md).
 */
import { sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/connect";
import { rowsOf } from "@/lib/sql-rows";

/** Below this many pages (8 kB each) a table is read whole anyway: its plan hardly matters. */
export const ANALYZE_FROM_PAGES = 16;

/**
 * Analyzes the tables of the current schema that grew to twice the pages last recorded (or were
 * never analyzed) and hold at least ANALYZE_FROM_PAGES; returns their names.
 */
export async function analyzeGrownTables(db: Db | Tx): Promise<string[]> {
  const grown = rowsOf<{ name: string }>(
    await db.execute(sql`
      select c.relname as name
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      cross join lateral (
        select pg_relation_size(c.oid) / current_setting('block_size')::int as pages
      ) size
      where n.nspname = current_schema() and c.relkind = 'r'
        and (pg_has_role(c.relowner, 'USAGE') or pg_has_role(
          (select datdba from pg_database where datname = current_database()), 'USAGE'))
        and size.pages >= ${ANALYZE_FROM_PAGES}
        and (c.reltuples < 0 or size.pages >= 2 * greatest(c.relpages, 1))
      order by c.relname`),
  ).map((r) => r.name);
  for (const name of grown) await db.execute(sql`analyze (skip_locked) ${sql.identifier(name)}`);
  return grown;
}

/**
 * A sentence for the log when PostgreSQL runs without autovacuum (or without the statistics it
 * works from, `track_counts`), else null. The sweep above keeps the planner's statistics, but
 * nothing here vacuums: without it the event log's indexes and the counter tables, which every
 * write updates in place, keep what was left behind until someone runs VACUUM. Asked of
 * PostgreSQL only: the embedded database has no autovacuum, and its tables are the sweep's.
 */
export async function autovacuumWarning(db: Db | Tx): Promise<string | null> {
  const [row] = rowsOf<{ autovacuum: string; track_counts: string }>(
    await db.execute(sql`
      select current_setting('autovacuum') as autovacuum,
             current_setting('track_counts') as track_counts`),
  );
  const off = (["autovacuum", "track_counts"] as const).filter((name) => row?.[name] !== "on");
  if (off.length === 0) return null;
  return (
    `PostgreSQL runs with ${off.join(" and ")} off: the planner's statistics are kept by ` +
    `Firstparty's sweep, but nothing vacuums the event log and the counter tables, which every ` +
    `write updates; turn autovacuum on, or run VACUUM on a schedule (docs/operations.md, ` +
    `"Planner statistics").`
  );
}
