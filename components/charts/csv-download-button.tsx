"use client";

/**
 * Downloads exactly the rows a chart draws, as CSV. The CSV code (./csv-file and its library)
 * loads on the first click, not with the page.
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
    const { csvText } = await import("./csv-file");
    const csv = csvText(columns, rows);
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
