import { stringify } from "csv-stringify/browser/esm/sync";
import { csvCell } from "@/lib/csv-cell";

/** A chart's rows as CSV text: the columns named, each cell as lib/csv-cell writes it. */
export function csvText(columns: string[], rows: Record<string, unknown>[]): string {
  return stringify([columns, ...rows.map((r) => columns.map((c) => csvCell(r[c])))], {
    record_delimiter: "\r\n",
  });
}
