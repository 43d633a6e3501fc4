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

/**
 * UTF-8's byte-order mark, first in every download: without it, Excel opens a UTF-8 file as
 * Windows-1252 ("Müller" reads "MÃ¼ller"), and a file saved from there keeps the damage.
 */
const BOM = "\uFEFF";

/** A CSV download of text (the byte-order mark in front). */
export function csvResponse(csv: string, filename: string): Response {
  return download(BOM + csv, filename);
}

/**
 * A CSV download read in pages as it is sent. The first page is read before answering: a
 * failure there is an error answer, not a cut file. A client that goes away stops the reading.
 */
export async function csvStreamResponse(
  pieces: AsyncGenerator<string>,
  filename: string,
): Promise<Response> {
  const encoder = new TextEncoder();
  let next = await pieces.next();
  let first = true;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (next.done) return controller.close();
      controller.enqueue(encoder.encode(first ? BOM + next.value : next.value));
      first = false;
      next = await pieces.next();
    },
    async cancel() {
      await pieces.return(undefined);
    },
  });
  return download(body, filename);
}

/** A value as RFC 8187 writes it: encodeURIComponent leaves ' ( ) * bare, which it may not. */
const rfc8187 = (value: string) =>
  encodeURIComponent(value).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

function download(body: string | ReadableStream<Uint8Array>, filename: string): Response {
  // The plain name for every client, the name as it is (letters beyond ASCII too) for those that
  // read RFC 6266's `filename*`.
  const plain = filename.replace(/[^\w.-]/g, "_");
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${plain}"; filename*=UTF-8''${rfc8187(filename)}`,
      "cache-control": "no-store",
    },
  });
}
