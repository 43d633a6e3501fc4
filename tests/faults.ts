/**
 * A deadlock on demand: the first write to a table in the next statements fails as PostgreSQL
 * fails one of two transactions waiting on each other (SQLSTATE 40P01), once; later writes go
 * through. For tests of code that must try such a transaction again. Works on both databases.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/connect";
import { rowsOf } from "@/lib/sql-rows";

/** Runs `run` with the first write to `table` failing as a deadlock; returns how many writes tried. */
export async function withOneDeadlock<T>(
  db: Db,
  table: string,
  run: () => Promise<T>,
): Promise<{ result: T; writes: number }> {
  const name = sql.raw(`deadlock_once_${table}`);
  const target = sql.raw(table);
  await db.execute(sql`create sequence ${name}`);
  await db.execute(sql`
    create function ${name}() returns trigger language plpgsql as $$
    begin
      if nextval('deadlock_once_${sql.raw(table)}') = 1 then
        raise exception 'deadlock detected' using errcode = '40P01';
      end if;
      return null;
    end $$`);
  await db.execute(
    sql`create trigger ${name} before insert or update on ${target} for each statement execute function ${name}()`,
  );
  try {
    const result = await run();
    const [row] = rowsOf<{ n: number }>(
      await db.execute(sql`select last_value::int as n from ${name}`),
    );
    return { result, writes: Number(row?.n ?? 0) };
  } finally {
    await db.execute(sql`drop trigger ${name} on ${target}`);
    await db.execute(sql`drop function ${name}()`);
    await db.execute(sql`drop sequence ${name}`);
  }
}
