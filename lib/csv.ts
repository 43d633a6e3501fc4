/**
 * CSV exports (RFC 4180, via csv-stringify). Cells that a spreadsheet would run as a formula
 * (=, +, -, @, tab, CR at the start) are prefixed with an apostrophe: exported text that came
 * from users or other systems must never execute on a privacy officer's machine.
 */
import { stringify } from "csv-stringify/sync";
import { csvCell } from "./csv-cell";

export function toCsv<T>(
  rows: T[],
  columns: { header: string; value: (row: T) => unknown }[],
): string {
  return stringify(
    [columns.map((c) => c.header), ...rows.map((row) => columns.map((c) => csvCell(c.value(row))))],
    {
      record_delimiter: "\r\n",
    },
  );
}

export function csvResponse(csv: string, filename: string): Response {
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename.replace(/[^\w.-]/g, "_")}"`,
      "cache-control": "no-store",
    },
  });
}
