/** An import as its page and its status route show it (type-only: the browser imports it). */
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
  finishedAt: string | null;
  heartbeatAt: string | null;
  error: string | null;
  /** The error as the catalog says it (`importMessages`), where it has words there. */
  errorSaid: Said | null;
  /** Failed, and to be tried again (after a pause, by any instance): its page keeps watching. */
  retrying: boolean;
};
