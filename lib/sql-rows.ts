import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { Tx } from "@/db/connect";

/** The rows of `db.execute(sql…)`: postgres.js answers with the rows, PGlite with `{ rows }`. */
export function rowsOf<Row>(result: unknown): Row[] {
  return (Array.isArray(result) ? result : (result as { rows: Row[] }).rows) as Row[];
}

/**
 * `column in (…)` over a list of texts of any length and content, sent as one JSON parameter:
 * drizzle's `inArray` sends a parameter per value, each built and typed on its own, which for a
 * batch's hundred ids costs more of the server's time than the query itself.
 */
export function inTexts(column: SQLWrapper, values: Iterable<string>): SQL {
  return sql`${column} in ${texts(values)}`;
}

/** `(…)`: a subquery of the texts, for `in` (one JSON parameter, as inTexts). */
export function texts(values: Iterable<string>): SQL {
  return sql`(select json_array_elements_text(${JSON.stringify([...values])}::json))`;
}

/**
 * `json_to_recordset(…)`: rows sent as one JSON parameter, for `from … as x(column type, …)`.
 * As `json`, not `jsonb`: the server checks the text and then reads it as it expands the rows,
 * where `jsonb` first builds its binary form of the whole parameter (2,000 rows of a consent
 * statement, read and counted alone: a median of 29–35 ms as `jsonb`, 7–13 ms as `json`;
 * docs/benchmarks.md). Nothing here relies on what `jsonb` adds (duplicate keys merged, keys
 * sorted): the rows come from JSON.stringify. Text a column cannot hold (`\u0000`, half a
 * surrogate pair) fails with the same errors as with `jsonb`, as the rows are expanded.
 */
export function records(rows: readonly object[]): SQL {
  return sql`json_to_recordset(${JSON.stringify(rows)}::json)`;
}

/**
 * Runs statements of one transaction (`tx` only: on a pool they would go to several connections,
 * in no order) in the order given, sent together: the connection runs each after the one before
 * has ended, so a later one sees what an earlier one wrote, and the transaction waits for the
 * database once instead of once a statement. The order holds because drizzle starts a query when
 * it is awaited, which Promise.all does in the list's order, and both drivers send a
 * transaction's queries in the order they are started. The first to fail rejects with its own
 * error (the rest fail behind it, the transaction being aborted).
 */
export async function inOrder(tx: Tx, statements: SQL[]): Promise<void> {
  await Promise.all(statements.map((statement) => tx.execute(statement)));
}
