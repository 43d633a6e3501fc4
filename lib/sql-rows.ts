/** The rows of `db.execute(sql…)`: postgres.js answers with the rows, PGlite with `{ rows }`. */
export function rowsOf<Row>(result: unknown): Row[] {
  return (Array.isArray(result) ? result : (result as { rows: Row[] }).rows) as Row[];
}
