/**
 * An import as its page and its status route show it, and its pace (the browser imports this
 * module: types and pure functions only).
 */
import type { Encoding } from "./decode";
import type { Delimiter } from "./csv";
import type { ImportKind } from "./rows";
import type { Said } from "./said";

export type ImportStatus =
  "uploading" | "draft" | "queued" | "running" | "done" | "failed" | "cancelled";
export type ImportFormat = "csv" | "ndjson";

export type ImportView = {
  id: string;
  status: ImportStatus;
  kind: ImportKind;
  format: ImportFormat;
  fileName: string;
  source: string;
  encoding: Encoding;
  delimiter: Delimiter | null;
  header: string[];
  mapping: Record<string, string> | null;
  bytes: number;
  bytesDone: number;
  rows: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  createdBy: string | null;
  createdAt: string;
  startedAt: string | null;
  /**
   * Where the runner at work now (or the last one) took the import up: when, and the rows and
   * bytes done by then. A restart's downtime and the rows an earlier run stored are not this
   * run's, so the rate and the time left are measured from here.
   */
  runFrom: { at: string; rows: number; bytes: number } | null;
  finishedAt: string | null;
  heartbeatAt: string | null;
  error: string | null;
  /** The error as the catalog says it (`importMessages`), where it has words there. */
  errorSaid: Said | null;
  /** Failed, and to be tried again (after a pause, by any instance): its page keeps watching. */
  retrying: boolean;
};

/**
 * Rows a second and seconds left, measured over the current run up to the last progress the
 * runner wrote (its heartbeat, or the end), not the browser's clock: undefined where nothing
 * can be said yet.
 */
export function importPace(view: ImportView): { rate?: number; left?: number } {
  const from = view.runFrom ?? (view.startedAt ? { at: view.startedAt, rows: 0, bytes: 0 } : null);
  const last = view.finishedAt ?? view.heartbeatAt;
  if (!from || !last) return {};
  const seconds = (Date.parse(last) - Date.parse(from.at)) / 1000;
  if (!(seconds > 0)) return {};
  const rows = view.rows - from.rows;
  const bytes = view.bytesDone - from.bytes;
  const rate = rows > 0 ? rows / seconds : undefined;
  const left =
    view.status === "running" && bytes > 0 && view.bytesDone < view.bytes
      ? ((view.bytes - view.bytesDone) * seconds) / bytes
      : undefined;
  return { rate, left };
}
