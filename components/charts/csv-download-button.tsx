"use client";
import { csvCell } from "@/lib/csv-cell";

/**
 * Downloads exactly the rows a chart draws, as CSV. The CSV library loads on the first click,
 * not with the page.
 */
export function CsvDownloadButton({
  rows,
  columns,
  filename,
  label,
}: {
  rows: Record<string, unknown>[];
  columns: string[];
  filename: string;
  label: string;
}) {
  async function download() {
    const { stringify } = await import("csv-stringify/browser/esm/sync");
    const csv = stringify([columns, ...rows.map((r) => columns.map((c) => csvCell(r[c])))], {
      record_delimiter: "\r\n",
    });
    const url = URL.createObjectURL(new Blob([csv], { type: "text/csv;charset=utf-8" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = filename;
    a.click();
    URL.revokeObjectURL(url);
  }
  return (
    <button type="button" className="secondary small" onClick={() => void download()}>
      {label}
    </button>
  );
}
