"use client";
import { useHydrated } from "@/components/ui/use-hydrated";

/**
 * Downloads exactly the rows a chart draws, as CSV. The CSV code (./csv-file and its library)
 * loads on the first click, not with the page. Disabled until the page's scripts run.
 */
export function CsvDownloadButton({
  rows,
  columns,
  filename,
  label,
  describedBy,
}: {
  rows: Record<string, unknown>[];
  columns: string[];
  filename: string;
  label: string;
  /** The id of what says which chart it is (the figure's caption). */
  describedBy?: string;
}) {
  const hydrated = useHydrated();
  async function download() {
    const { csvText } = await import("./csv-file");
    // The byte-order mark first, as the server's downloads have it: a spreadsheet reads UTF-8.
    const csv = csvText(columns, rows);
    const url = URL.createObjectURL(new Blob(["\uFEFF", csv], { type: "text/csv;charset=utf-8" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = filename;
    a.click();
    URL.revokeObjectURL(url);
  }
  return (
    <button
      type="button"
      className="secondary small"
      disabled={!hydrated}
      aria-describedby={describedBy}
      onClick={() => void download()}
    >
      {label}
    </button>
  );
}
