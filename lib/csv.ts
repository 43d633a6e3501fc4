/**
 * CSV exports (RFC 4180, via csv-stringify). Cells that a spreadsheet would run as a formula
 * (=, +, -, @, tab, CR at the start) are prefixed with an apostrophe: exported text that came
 * from users or other systems must never execute on a privacy officer's machine.
 */
import { stringify } from "csv-stringify/sync";
import { csvCell } from "./csv-cell";

/** A column of an export: its header and how a row gives its value. */
export type CsvColumn<T> = { header: string; value: (row: T) => unknown };

/** `monthlyVolume` → `monthly_volume`: a field exported as it is takes its name in snake case. */
function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/**
 * Rows as CSV; each column is a field of the row exported as it is (named in snake case) or a
 * column of its own.
 */
export function toCsv<T>(
  rows: T[],
  columns: ((keyof T & string) | CsvColumn<T>)[],
  options: { header?: boolean } = {},
): string {
  const all = columns.map((c): CsvColumn<T> =>
    typeof c === "string" ? { header: snakeCase(c), value: (row) => row[c] } : c,
  );
  const records = rows.map((row) => all.map((c) => csvCell(c.value(row))));
  return stringify(options.header === false ? records : [all.map((c) => c.header), ...records], {
    record_delimiter: "\r\n",
  });
}

/** A CSV download: the text, or a stream of it (an export read in pages). */
export function csvResponse(csv: string | ReadableStream<Uint8Array>, filename: string): Response {
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename.replace(/[^\w.-]/g, "_")}"`,
      "cache-control": "no-store",
    },
  });
}
