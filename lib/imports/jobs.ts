import "server-only";
/**
 * Uploads (/admin/imports): a CSV or NDJSON file of consent events, profiles or sources, stored
 * in the database in pieces of up to 1 MB as it arrives (never whole in memory), previewed with the
 * admin's column mapping, then imported by a background job (lib/jobs) that any instance can run
 * or resume. Each batch of rows is written in one transaction together with the job's progress
 * and the batch's rejected rows, so a job taken over after a crash goes on from the last batch
 * that committed and stores nothing twice; the counts stay exact. Rows that fail validation are
 * rejected one by one with their reason (the rest of the batch is stored) and can be downloaded.
 */
import { randomUUID } from "node:crypto";
import { stringify } from "csv-stringify/sync";
import { and, asc, eq, inArray, lt, not, or, sql } from "drizzle-orm";
import { z } from "zod";
import { isEmbedded, type Db, type Tx } from "@/db/connect";
import { dataSources, importChunks, importRejections, jobs } from "@/db/schema";
import { recordAudit, unheld, type Actor } from "@/lib/audit/record";
import { csvCell } from "@/lib/csv-cell";
import { carriesSignal, signalIdBase } from "@/lib/consent/signal-events";
import { IMPORT_BATCH, MAX_BATCH } from "@/lib/consent/schema";
import {
  holdsOnlyStorableText,
  isStorableText,
  stoppedWhy,
  storableText,
  withDatabaseWords,
} from "@/lib/db-errors";
import {
  CHECKS_AGAIN,
  resolveConsentEvents,
  storeConsentEvents,
  type ResolvedConsentEvent,
} from "@/lib/consent/ingest";
import {
  ConflictError,
  HttpError,
  NotFoundError,
  PurposeChangedError,
  RuleError,
  type Issue,
} from "@/lib/errors";
import {
  attemptsLeft,
  claimableJobs,
  claimJob,
  JobTakenError,
  keepHeartbeat,
  MAX_ATTEMPTS,
  releaseJob,
  runAsJob,
  runnersJob,
  StoppingError,
  throwIfStopping,
} from "@/lib/jobs";
import { resolveProfiles, upsertProfiles } from "@/lib/profiles/ingest";
import { readSetting, storeSetting } from "@/lib/settings";
import { createSource } from "@/lib/sources";
import { createSourceSchema } from "@/lib/sources/schema";
import {
  inEnglish,
  reasonInEnglish,
  rowReason,
  said,
  saying,
  schemaIssue,
  schemaReason,
  type RowReason,
  type Said,
} from "./said";
import {
  csvRecordBatches,
  csvRecords,
  CsvFormatError,
  CsvQuoteCheck,
  delimiterName,
  type CsvRecord,
  type Delimiter,
} from "./csv";
import { EncodingError, looksLikeUtf16, StreamDecoder, Utf8Tally, type Encoding } from "./decode";
import type { ImportFormat, ImportView } from "./view";
import {
  importKinds,
  isField,
  knownFields,
  derivedEventId,
  resolveColumns,
  rowItem,
  withDefaultSource,
  type Columns,
  type ImportKind,
} from "./rows";

export type { ImportView };
export const IMPORT_JOB = "import";
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;
export const uploadTooLarge = () =>
  new HttpError(413, "The file is larger than 200 MB; split it into smaller files");
export const importFormats = ["csv", "ndjson"] as const satisfies readonly ImportFormat[];
const CHUNK_BYTES = 1024 * 1024;
/** A slow upload stores what it has at least this often: its heartbeat (see the clean-up). */
const UPLOAD_HEARTBEAT_MS = 5 * 60_000;
const PREVIEW_ROWS = 20;
const BREATH_MS = 25;
/**
 * How many rows the reading loop reads before it lets the database's answers in: a millisecond
 * or so of reading and checking. Each of a batch's round trips waits up to that long (with 250
 * rows, the three before a batch's insert took 57–63 ms instead of 24–30).
 */
const YIELD_ROWS = 50;
/**
 * Rows per transaction. Profiles and sources: the ingest routes' batch size. Consent on
 * PostgreSQL: twice the route's, in one statement, since what a batch costs besides its rows
 * (the customer locks, the statement's plan, the audit event, the commit) is paid once: a million
 * rows on a small server imported 19,552–22,367 rows/s end to end in batches of 10,000 against
 * 17,512 in batches of 5,000, its memory at its largest 280.5–291.7 MB against 274–280.3
 * (docs/benchmarks.md). A consent write beside the import may wait for a batch's customer locks
 * that much longer. On the embedded database the route's 5,000: the dashboards wait for its one
 * connection while a batch is stored.
 */
export function importBatchRows(kind: ImportKind, db: Db): number {
  if (kind === "consent") return isEmbedded(db) ? MAX_BATCH : IMPORT_BATCH;
  return kind === "profiles" ? 1_000 : 200;
}

export type ImportDetail = {
  kind: ImportKind;
  format: ImportFormat;
  fileName: string;
  /** The data source the file comes from: its mapping is saved for the next file from it. */
  source: string;
  encoding: Encoding;
  delimiter: Delimiter | null;
  header: string[];
  chunks: number;
  mapping: Record<string, string> | null;
  /** Data rows read so far (the resume point), and what became of them. */
  rows: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  startedAt?: string;
  /** Where the current run took it up (see ImportView). */
  runFrom?: { at: string; rows: number; bytes: number };
  /**
   * Whether a CSV line of delimiters only is skipped ("skipped") or a row ("kept", as in imports
   * begun before such lines were skipped): decided when the import first runs, so every run of
   * it counts rows alike and a resumed one skips exactly the rows stored before.
   */
  blankLines?: "skipped" | "kept";
  runner?: string;
  attempts?: number;
  /** Why it failed, as the catalog says it. */
  errorSaid?: Said;
};

function toView(row: typeof jobs.$inferSelect): ImportView {
  const d = row.detail as ImportDetail;
  return {
    id: row.id,
    status: row.status as ImportView["status"],
    kind: d.kind,
    format: d.format,
    fileName: d.fileName,
    source: d.source,
    encoding: d.encoding,
    delimiter: d.delimiter,
    header: d.header,
    mapping: d.mapping,
    bytes: row.total,
    bytesDone: row.done,
    rows: d.rows,
    accepted: d.accepted,
    duplicates: d.duplicates,
    rejected: d.rejected,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    startedAt: d.startedAt ?? null,
    runFrom: d.runFrom ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    heartbeatAt: row.heartbeatAt?.toISOString() ?? null,
    error: row.error,
    errorSaid: row.error ? (d.errorSaid ?? null) : null,
    retrying: row.status === "failed" && Number(d.attempts ?? 1) < MAX_ATTEMPTS,
  };
}

export async function getImport(db: Db, id: string): Promise<ImportView> {
  if (!z.uuid().safeParse(id).success) throw new NotFoundError("No such import");
  const [row] = await db
    .select()
    .from(jobs)
    .where(and(eq(jobs.id, id), eq(jobs.kind, IMPORT_JOB)));
  if (!row) throw new NotFoundError("No such import");
  return toView(row);
}

export async function listImports(db: Db, limit = 20): Promise<ImportView[]> {
  const rows = await db
    .select()
    .from(jobs)
    .where(and(eq(jobs.kind, IMPORT_JOB), sql`${jobs.status} <> 'uploading'`))
    .orderBy(sql`${jobs.createdAt} desc`)
    .limit(limit);
  return rows.map(toView);
}

const uploadSchema = z.object({
  kind: z.enum(importKinds),
  format: z.enum(importFormats),
  fileName: z.string().trim().min(1).max(200),
  source: z.string().trim().max(64).default(""),
});

/** What is wrong with an upload's description, by field, in the catalog's words. */
const uploadFieldSaid: Record<string, Said> = {
  kind: said("uploadKind", { kinds: importKinds.join(", ") }),
  format: said("uploadFormat"),
  fileName: said("uploadFileName", { max: 200 }),
  source: said("uploadSourceKey"),
};

/** The setting a mapping is saved under: one per kind and source. */
const mappingSetting = (kind: ImportKind, source: string) =>
  `imports.mapping.${kind}.${source || "-"}`;

/**
 * Stores an uploaded file as it streams in, checks its encoding and reads its header; the import
 * is a draft until an admin starts it. Throws HttpError 413 past 200 MB (nothing is kept then).
 */
export async function createImport(
  db: Db,
  actor: Actor,
  input: { kind: unknown; format: unknown; fileName: unknown; source?: unknown },
  body: ReadableStream<Uint8Array> | null,
): Promise<ImportView> {
  const meta = uploadSchema.safeParse(input);
  if (!meta.success) {
    const fields = [...new Set(meta.error.issues.map((i) => String(i.path[0])))];
    const issues = fields.map((path) => ({ path, ...saying(uploadFieldSaid[path]!) }));
    // One thing wrong: the refusal says it (the upload form says it in the reader's language).
    throw new RuleError(issues.length === 1 ? issues[0]!.message : "The upload is invalid", issues);
  }
  const { kind, format, fileName, source } = meta.data;
  if (source) {
    const [known] = await db
      .select({ id: dataSources.id })
      .from(dataSources)
      .where(eq(dataSources.key, source));
    if (!known) throw fileRefused(said("unknownSource", { source }), "source");
  }
  if (!body) throw new HttpError(400, "The upload has no file");
  await clearAbandonedUploads(db);
  const detail: ImportDetail = {
    kind,
    format,
    fileName,
    source,
    encoding: "utf-8",
    delimiter: null,
    header: [],
    chunks: 0,
    mapping: null,
    rows: 0,
    accepted: 0,
    duplicates: 0,
    rejected: 0,
  };
  const [job] = await db
    .insert(jobs)
    .values({ kind: IMPORT_JOB, status: "uploading", detail, createdBy: actor.label })
    .returning({ id: jobs.id });
  const jobId = job!.id;
  try {
    const utf8 = new StreamDecoder("utf-8");
    let isUtf8 = true;
    let sawUtf8 = false;
    let pending: Uint8Array[] = [];
    let pendingBytes = 0;
    let bytes = 0;
    /** The file's first megabyte (or all of it), for its header: a slow upload's pieces are smaller. */
    const opening: Uint8Array[] = [];
    let openingBytes = 0;
    let flushedAt = Date.now();
    const flush = async () => {
      if (pendingBytes === 0) return;
      flushedAt = Date.now();
      const data = Buffer.concat(pending, pendingBytes);
      // Each piece is the upload's heartbeat: the clean-up of abandoned uploads spares it while
      // pieces arrive. The update locks the job first, so a clean-up waits and finds it alive.
      await db.transaction(async (tx) => {
        const [alive] = await tx
          .update(jobs)
          .set({ heartbeatAt: sql`now()` })
          .where(and(eq(jobs.id, jobId), eq(jobs.status, "uploading")))
          .returning({ id: jobs.id });
        if (!alive) throw fileRefused(said("uploadIdle"));
        await tx.insert(importChunks).values({ jobId, seq: detail.chunks++, data });
      });
      pending = [];
      pendingBytes = 0;
    };
    // A CSV file's quoting is checked as it arrives: a quote out of place half-way would stop
    // the import with the rows before it stored.
    const quotes = format === "csv" ? new CsvQuoteCheck() : undefined;
    const reader = body.getReader();
    /** The first byte that was not UTF-8. */
    let broken: EncodingError | undefined;
    // Many valid UTF-8 letters and a broken byte: one damaged file, not a Windows-1252 one.
    // Read as Windows-1252, every "ü" would turn into "Ã¼". Decided when the file has arrived,
    // by the whole file's count of both (Utf8Tally).
    const tally = new Utf8Tally();
    let bom = false;
    let firstBytes: Uint8Array = new Uint8Array(0);
    const damaged = ({ line, column }: EncodingError) =>
      fileRefused(said("damagedUtf8", { line, column }));
    for (;;) {
      // The body fails only when its sender stopped sending (a closed tab, a dropped connection).
      const { value, done } = await reader.read().catch(() => {
        throw new HttpError(400, "The upload stopped before the whole file arrived");
      });
      if (done) break;
      bytes += value.byteLength;
      if (bytes > MAX_UPLOAD_BYTES) {
        await reader.cancel();
        throw uploadTooLarge();
      }
      if (bytes === value.byteLength && looksLikeUtf16(value)) {
        throw fileRefused(said("utf16"));
      }
      quotes?.push(value);
      tally.push(value);
      // The byte-order mark, from the file's first three bytes whatever pieces they came in.
      if (firstBytes.length < 3) {
        firstBytes = Buffer.concat([firstBytes, value.subarray(0, 3 - firstBytes.length)]);
        bom = startsWithBom(firstBytes);
      }
      if (isUtf8) {
        try {
          // UTF-8 letters only once decoded: a last byte of 0xC0 or more waits for the next piece
          // (it may start a letter), and in a Windows-1252 file it is an "é" that never will.
          const text = utf8.push(value);
          sawUtf8 ||= !isAsciiText(text) || bom;
        } catch (error) {
          if (!(error instanceof EncodingError)) throw error;
          // A file that says it is UTF-8 (its byte-order mark) is, however damaged.
          if (bom) throw damaged(error);
          isUtf8 = false;
          broken = error;
        }
      }
      pending.push(value);
      pendingBytes += value.byteLength;
      if (openingBytes < CHUNK_BYTES) {
        opening.push(value);
        openingBytes += value.byteLength;
      }
      if (pendingBytes >= CHUNK_BYTES || Date.now() - flushedAt >= UPLOAD_HEARTBEAT_MS)
        await flush();
    }
    if (isUtf8) {
      try {
        utf8.end();
      } catch (error) {
        if (!(error instanceof EncodingError)) throw error;
        // The file ends inside a character: cut short, if it was UTF-8 before.
        if (sawUtf8) {
          const { line, column } = error;
          throw fileRefused(said("cutInCharacter", { line, column }));
        }
        isUtf8 = false;
      }
    }
    tally.end();
    if (broken && (bom || tally.damaged())) throw damaged(broken);
    quotes?.end();
    await flush();
    if (bytes === 0) throw fileRefused(said("emptyFile"));
    const first = Buffer.concat(opening, openingBytes);
    detail.encoding = isUtf8 ? "utf-8" : "windows-1252";
    if (format === "csv") {
      const head = await readHeader(first, detail.encoding);
      detail.header = head.header;
      detail.delimiter = head.delimiter;
    } else if (/^(\xEF\xBB\xBF)?\s*\[/.test(first.subarray(0, 1024).toString("latin1"))) {
      // A JSON array (a ".json" export) is one value, not one object per line.
      throw fileRefused(said("jsonArray"));
    }
    detail.mapping = await suggestMapping(db, detail);
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .update(jobs)
        .set({ status: "draft", total: bytes, detail })
        .where(and(eq(jobs.id, jobId), eq(jobs.status, "uploading")))
        .returning();
      // Cleared as abandoned since its last piece (an hour without a byte, then the end).
      if (!row) throw fileRefused(said("uploadIdle"));
      await recordAudit(tx, actor, {
        action: "import.upload",
        entityType: "import",
        entityId: jobId,
        detail: { kind, format, fileName, bytes, encoding: detail.encoding },
      });
      return toView(row);
    });
  } catch (error) {
    const refusal = error instanceof CsvFormatError ? fileRefused(error.said) : error;
    // What arrived goes, and the upload's refusal is audited with it (one cleared meanwhile as
    // abandoned is gone and audited already).
    await db.transaction(async (tx) => {
      const [discarded] = await tx
        .delete(jobs)
        .where(eq(jobs.id, jobId))
        .returning({ id: jobs.id });
      if (!discarded) return;
      const refused = refusal instanceof RuleError || refusal instanceof HttpError;
      // Cleared also when the uploader's key or role was taken meanwhile (then the refusal).
      await recordAudit(tx, unheld(actor), {
        action: "import.discard",
        entityType: "import",
        entityId: jobId,
        detail: {
          kind,
          fileName,
          reason: refused ? "refused" : "failed",
          ...(refused ? { error: refusal.message } : {}),
        },
      });
    });
    throw refusal;
  }
}

/**
 * Uploads abandoned half-way (a closed tab, a lost connection), of which nothing arrived for an
 * hour, and drafts nobody started within a week of their upload: cleared by every instance's
 * job sweeper and when the next upload starts, their pieces with them, each audited in the same
 * transaction. An upload still streaming stores a piece (and its heartbeat) every megabyte, or
 * with the first bytes that arrive five minutes after the last piece. The pieces of an import
 * that failed for good (no attempt left, so no instance takes it again) go too; the import stays
 * listed with its rejected rows. Resolves to how many uploads were cleared.
 */
export async function clearAbandonedUploads(db: Db): Promise<number> {
  const since = sql`coalesce(${jobs.heartbeatAt}, ${jobs.createdAt})`;
  return db.transaction(async (tx) => {
    const cleared = await tx
      .delete(jobs)
      .where(
        and(
          eq(jobs.kind, IMPORT_JOB),
          or(
            and(eq(jobs.status, "uploading"), lt(since, sql`now() - interval '1 hour'`)),
            and(eq(jobs.status, "draft"), lt(since, sql`now() - interval '7 days'`)),
          ),
        ),
      )
      .returning({
        id: jobs.id,
        status: jobs.status,
        detail: jobs.detail,
        createdBy: jobs.createdBy,
      });
    for (const job of cleared) {
      const { kind, fileName } = job.detail as ImportDetail;
      const reason = job.status === "draft" ? "never_started" : "abandoned";
      await recordAudit(tx, uploadCleanUp, {
        action: "import.discard",
        entityType: "import",
        entityId: job.id,
        detail: { kind, fileName, uploadedBy: job.createdBy, reason },
      });
    }
    await tx.delete(importChunks).where(
      inArray(
        importChunks.jobId,
        tx
          .select({ id: jobs.id })
          .from(jobs)
          .where(and(eq(jobs.kind, IMPORT_JOB), eq(jobs.status, "failed"), not(attemptsLeft))),
      ),
    );
    return cleared.length;
  });
}

const uploadCleanUp: Actor = { type: "system", label: "upload clean-up" };

/** Text with no letter beyond ASCII (a UTF-8 file's decoded piece). */
const isAsciiText = (text: string) => !/[^\x00-\x7f]/.test(text);

/** A UTF-8 byte-order mark at the start: the file says it is UTF-8 before any letter does. */
const startsWithBom = (bytes: Uint8Array) =>
  bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;

/** The header of a CSV file from its first megabyte: its cells and delimiter. */
async function readHeader(
  first: Uint8Array,
  encoding: Encoding,
): Promise<{ header: string[]; delimiter: Delimiter }> {
  const decoder = new StreamDecoder(encoding);
  async function* text() {
    yield decoder.push(first);
  }
  try {
    for await (const record of csvRecords(text())) {
      return { header: record.values.map((v) => v.trim()), delimiter: record.delimiter };
    }
  } catch (error) {
    if (error instanceof CsvFormatError) throw fileRefused(error.said);
    throw error;
  }
  throw fileRefused(said("noHeader"));
}

/** An upload refused for its file (or its source): the message, said on the field too. */
function fileRefused(s: Said, path = "file"): RuleError {
  return new RuleError(inEnglish(s), [{ path, ...saying(s) }]);
}

const comparable = (name: string) => name.toLowerCase().replace(/[\s_.-]/g, "");

/**
 * The mapping offered for a new file: the one saved for its kind and source where its columns
 * exist, then every column named like a field (any case, spaces and underscores aside).
 */
async function suggestMapping(db: Db, d: ImportDetail): Promise<Record<string, string> | null> {
  if (d.format !== "csv") return null;
  const saved = (await readSetting(db, mappingSetting(d.kind, d.source))) as
    Record<string, string> | undefined;
  const mapping: Record<string, string> = {};
  for (const [field, column] of Object.entries(saved ?? {}))
    if (d.header.includes(column) && isField(d.kind, field)) mapping[field] = column;
  const used = new Set(Object.values(mapping));
  for (const column of d.header) {
    if (used.has(column)) continue;
    const field = isField(d.kind, column)
      ? column
      : knownFields[d.kind].find((f) => comparable(f) === comparable(column));
    if (field && !mapping[field]) {
      mapping[field] = column;
      used.add(column);
    }
  }
  return mapping;
}

// ── reading the stored file ──────────────────────────────────────────────────────────

type FileRow = {
  line: number;
  /** The line as it was (NDJSON), or its cells (CSV), written back only if it is rejected. */
  raw?: string;
  cells?: { values: string[]; delimiter: string };
  item?: Record<string, unknown>;
  problem?: Said;
};

/**
 * A rejected row as the download shows it: the line as the file had it, except for what
 * PostgreSQL cannot store (a NUL character, broken Unicode), which becomes U+FFFD.
 */
function rawOf(row: FileRow): string {
  const line =
    row.raw ??
    stringify([row.cells!.values], { delimiter: row.cells!.delimiter }).replace(/\r?\n$/, "");
  return storableText(line);
}

const unstorableRow = (line: number) => said("unstorable", { line });

/**
 * A profile repeated within a batch would be refused there as a repeat: in an import (and its
 * preview) it starts the next batch instead, and the later row updates the profile.
 */
class RepeatedProfiles {
  private seen = new Set<string>();
  constructor(private readonly kind: ImportKind) {}

  /** Whether `row` must start a new batch; it counts as the first of that batch then. */
  startsBatch(row: FileRow): boolean {
    const given = this.kind === "profiles" ? row.item?.subjectId : undefined;
    if (typeof given !== "string") return false;
    // As the profile's own check reads it: " c1" is c1 again.
    const subject = given.trim();
    const repeat = this.seen.has(subject);
    if (repeat) this.seen = new Set();
    this.seen.add(subject);
    return repeat;
  }

  /** A batch ended for another reason (it is full). */
  clear(): void {
    this.seen = new Set();
  }
}

/** NDJSON rows read and handed on together (a millisecond or two of parsing). */
const NDJSON_STRETCH = 250;

/** The longest NDJSON line read as a row, as csv-parse refuses a CSV field past 1 MB. */
const MAX_LINE_CHARS = 1_000_000;

/** A piece of the file is gone: the import was cancelled (its file deleted) meanwhile. */
class MissingPiece extends Error {}

async function* storedChunks(db: Db, jobId: string, count: number) {
  for (let seq = 0; seq < count; seq++) {
    const [row] = await db
      .select({ data: importChunks.data })
      .from(importChunks)
      .where(and(eq(importChunks.jobId, jobId), eq(importChunks.seq, seq)));
    if (!row) throw new MissingPiece(`import ${jobId} lacks piece ${seq} of its file`);
    yield { seq, data: row.data };
  }
}

/** The file's data rows in order, one at a time (see fileRowBatches). */
async function* fileRows(
  ...args: Parameters<typeof fileRowBatches>
): AsyncGenerator<FileRow, void, undefined> {
  for await (const rows of fileRowBatches(...args)) yield* rows;
}

/**
 * The file's data rows in order, each as its item or the reason it cannot be one, in arrays (the
 * rows read from each part of the file: a row handed through async generators one at a time
 * costs a few promises each, which a million rows feel). `position` tells how many bytes of the
 * file have been read (for the progress bar; a slow upload's pieces are smaller than a megabyte).
 */
async function* fileRowBatches(
  db: Db,
  jobId: string,
  d: ImportDetail,
  columns: Columns,
  position: { bytes: number },
  /** Data rows an earlier run stored: read past without building them. */
  skip = 0,
  /** A job's run: ends with StoppingError, between pieces, once the process is stopping. */
  stoppable = false,
): AsyncGenerator<FileRow[]> {
  let index = 0;
  const decoder = new StreamDecoder(d.encoding);
  async function* text() {
    for await (const { data } of storedChunks(db, jobId, d.chunks)) {
      // Also while reading past the rows of an earlier run, which takes a while. (A preview, not
      // stoppable, is a request: it ends with the others.)
      if (stoppable) throwIfStopping();
      position.bytes += data.length;
      yield decoder.push(data);
    }
    yield decoder.end();
  }
  if (d.format === "ndjson") {
    let line = 0;
    let rest = "";
    const parse = (raw: string, tooLong = false): FileRow | undefined => {
      line++;
      if (tooLong)
        return {
          line,
          raw: `${raw}…`,
          problem: said("lineTooLong", { line, max: MAX_LINE_CHARS }),
        };
      if (!raw.trim()) return undefined;
      try {
        const item = JSON.parse(raw) as unknown;
        if (typeof item !== "object" || item === null || Array.isArray(item))
          return { line, raw, problem: said("notJsonObject", { line }) };
        if (!holdsOnlyStorableText(item)) return { line, raw, problem: unstorableRow(line) };
        const fields = item as Record<string, unknown>;
        // As for a CSV row: a consent event without an eventId gets one from its content.
        if (d.kind === "consent" && fields.eventId === undefined)
          fields.eventId = derivedEventId(fields);
        return { line, raw, item: withDefaultSource(d.kind, fields, d.source) };
      } catch {
        return { line, raw, problem: said("notJson", { line }) };
      }
    };
    // A line longer than MAX_LINE_CHARS is refused by its start, never held whole: a file that
    // is one JSON array on one line would otherwise be read into memory as one row.
    let overlong: string | undefined;
    for await (const piece of text()) {
      const lines = (rest + piece).split("\n");
      rest = lines.pop()!;
      let rows: FileRow[] = [];
      for (const [at, raw] of lines.entries()) {
        // The end of a line begun in earlier pieces, or a whole line within these.
        const start = at === 0 && overlong !== undefined ? overlong : undefined;
        const tooLong = start !== undefined || raw.length > MAX_LINE_CHARS;
        if (index < skip && (tooLong || raw.trim())) {
          index++;
          line++;
          continue;
        }
        const row = tooLong
          ? parse(start ?? raw.slice(0, 200), true)
          : parse(raw.replace(/\r$/, ""));
        if (row) rows.push(row);
        // A piece holds thousands of lines: handed on in stretches, as the CSV parser's are, so
        // the reader can let other work in between them.
        if (rows.length === NDJSON_STRETCH) {
          yield rows;
          rows = [];
        }
      }
      if (rows.length) yield rows;
      if (lines.length > 0) overlong = undefined;
      if (rest.length > MAX_LINE_CHARS) {
        overlong ??= rest.slice(0, 200);
        rest = "";
      }
    }
    const row =
      index < skip ? undefined : overlong !== undefined ? parse(overlong, true) : parse(rest);
    if (row) yield [row];
    return;
  }
  let header = true;
  const rowOf = ({ line, values, delimiter }: CsvRecord & { delimiter: Delimiter }): FileRow => {
    const cells = { values, delimiter };
    if (values.length !== d.header.length)
      return {
        line,
        cells,
        problem: said("fieldCount", {
          line,
          count: values.length,
          header: d.header.length,
          delimiter: delimiterName(delimiter),
        }),
      };
    if (!values.every(isStorableText)) return { line, cells, problem: unstorableRow(line) };
    return {
      line,
      cells,
      item: withDefaultSource(d.kind, rowItem(d.kind, columns, values), d.source),
    };
  };
  for await (const records of csvRecordBatches(text(), {
    delimiter: d.delimiter ?? undefined,
    skipBlankRecords: d.blankLines !== "kept",
  })) {
    const rows: FileRow[] = [];
    for (const record of records) {
      if (header) {
        header = false;
        continue;
      }
      if (index++ < skip) continue;
      rows.push(rowOf(record));
    }
    if (rows.length) yield rows;
  }
}

function columnsOf(d: ImportDetail, mapping: Record<string, string> | null) {
  if (d.format === "ndjson") return { columns: [], problems: [] };
  return resolveColumns(d.kind, d.header, mapping ?? {});
}

/** Issues of a RuleError about items by index, as reasons per index. */
function reasonsByIndex(error: RuleError): Map<number, RowReason[]> {
  const reasons = new Map<number, RowReason[]>();
  for (const issue of error.issues) {
    const [, index, ...field] = issue.path.split(".");
    const i = Number(index);
    if (!Number.isInteger(i)) continue;
    const reason = rowReason(field.join("."), issue.said ?? issue.message);
    reasons.set(i, [...(reasons.get(i) ?? []), reason]);
  }
  return reasons;
}

/** Reasons as the rejected rows' download and the API give them: in English, one line. */
const inEnglishAll = (reasons: RowReason[]) => reasons.map(reasonInEnglish).join("; ");

/** What validation says of a few rows, without writing anything. */
async function validateRows(db: Db, kind: ImportKind, items: Record<string, unknown>[]) {
  if (items.length === 0) return new Map<number, RowReason[]>();
  try {
    if (kind === "consent") await resolveConsentEvents(db, items, { now: new Date() });
    else if (kind === "profiles") await resolveProfiles(db, items);
    else {
      const reasons = new Map<number, RowReason[]>();
      items.forEach((item, i) => {
        const parsed = createSourceSchema.safeParse(item);
        if (!parsed.success)
          reasons.set(
            i,
            parsed.error.issues.map((x) => rowReason(x.path.join("."), schemaReason(x))),
          );
      });
      return reasons;
    }
    return new Map<number, RowReason[]>();
  } catch (error) {
    if (error instanceof RuleError) return reasonsByIndex(error);
    throw error;
  }
}

export type ImportPreview = {
  mapping: Record<string, string> | null;
  problems: Said[];
  rows: { line: number; item: Record<string, unknown> | null; reasons: RowReason[] }[];
  /**
   * A CSV file's first values per column of its header (up to SAMPLE_VALUES, the empty ones
   * left out), whether or not the column is mapped: what helps choose its field.
   */
  samples: string[][];
};

const SAMPLE_VALUES = 3;

/** The first rows of the file as the mapping reads them, each with what would refuse it. */
export async function previewImport(
  db: Db,
  id: string,
  mapping?: Record<string, string>,
): Promise<ImportPreview> {
  const [row] = await db.select().from(jobs).where(eq(jobs.id, id));
  if (!row || row.kind !== IMPORT_JOB) throw new NotFoundError("No such import");
  const d = row.detail as ImportDetail;
  const chosen = mapping ?? d.mapping;
  const { columns, problems } = columnsOf(d, chosen);
  const rows: FileRow[] = [];
  try {
    for await (const r of fileRows(db, id, d, columns, { bytes: 0 })) {
      rows.push(r);
      if (rows.length === PREVIEW_ROWS) break;
    }
  } catch (error) {
    if (error instanceof CsvFormatError || error instanceof EncodingError)
      return { mapping: chosen, problems: [error.said], rows: [], samples: [] };
    throw error;
  }
  const samples = d.header.map((_, i) =>
    rows
      .flatMap((r) => (r.cells?.values[i]?.trim() ? [r.cells.values[i]!.trim()] : []))
      .slice(0, SAMPLE_VALUES),
  );
  // The rows are not checked until every required field has a column.
  if (problems.length) return { mapping: chosen, problems, rows: [], samples };
  const valid = rows.filter((r) => r.item);
  // Checked in the batches the import stores: a profile repeated starts a new batch there (the
  // later row updates it), so it is no fault here either.
  const groups: FileRow[][] = [[]];
  const repeats = new RepeatedProfiles(d.kind);
  for (const r of valid) {
    if (repeats.startsBatch(r)) groups.push([]);
    groups.at(-1)!.push(r);
  }
  const byLine = new Map<number, RowReason[]>();
  for (const group of groups) {
    const reasons = await validateRows(
      db,
      d.kind,
      group.map((r) => r.item!),
    );
    group.forEach((r, i) => byLine.set(r.line, reasons.get(i) ?? []));
  }
  return {
    mapping: chosen,
    problems: [],
    samples,
    rows: rows.map((r) => ({
      line: r.line,
      item: r.item ?? null,
      reasons: r.problem ? [{ said: r.problem }] : (byLine.get(r.line) ?? []),
    })),
  };
}

/** Field → column. A column is any of the header's names (checked there), however long. */
const mappingSchema = z.record(z.string().max(200), z.string());

/** Starts a draft import with `mapping` (saved for the next file of its kind and source). */
export async function startImport(
  db: Db,
  actor: Actor,
  id: string,
  mappingInput: unknown,
): Promise<ImportView> {
  const current = await getImport(db, id);
  // A start sent twice (a retried request, two tabs) is a conflict with the import as it is now.
  if (current.status !== "draft")
    throw new ConflictError(`This import is ${current.status}, not a draft`, current);
  // None given: the mapping the page offers (the saved one, columns named like fields).
  const given = mappingSchema.safeParse(mappingInput ?? current.mapping ?? {});
  if (!given.success)
    throw new RuleError("The mapping is an object of field names and column names", [
      { path: "mapping", message: "The mapping is an object of field names and column names" },
    ]);
  const mapping =
    current.format === "csv"
      ? Object.fromEntries(Object.entries(given.data).filter(([, c]) => c !== ""))
      : null;
  const [row] = await db.select().from(jobs).where(eq(jobs.id, id));
  const d = row!.detail as ImportDetail;
  const { problems } = columnsOf(d, mapping);
  if (problems.length)
    throw new RuleError(
      `The mapping cannot be used: ${problems.map(inEnglish).join("; ")}`,
      problems.map((p) => ({ path: "mapping", message: inEnglish(p) })),
    );
  return db.transaction(async (tx) => {
    const [started] = await tx
      .update(jobs)
      .set({ status: "queued", detail: { ...d, mapping } })
      .where(and(eq(jobs.id, id), eq(jobs.status, "draft")))
      .returning();
    if (!started)
      throw new ConflictError("This import was started meanwhile", await getImport(tx, id));
    if (mapping) await storeSetting(tx, mappingSetting(d.kind, d.source), mapping);
    await recordAudit(tx, actor, {
      action: "import.start",
      entityType: "import",
      entityId: id,
      detail: { kind: d.kind, fileName: d.fileName, mapping },
    });
    return toView(started);
  });
}

/** Stops an import that has not finished; what it stored stays stored. */
export async function cancelImport(db: Db, actor: Actor, id: string): Promise<ImportView> {
  await getImport(db, id);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(jobs)
      .set({ status: "cancelled", finishedAt: new Date() })
      .where(and(eq(jobs.id, id), sql`${jobs.status} in ('draft', 'queued', 'running', 'failed')`))
      .returning();
    if (!row) throw new RuleError("This import has already ended", []);
    await tx.delete(importChunks).where(eq(importChunks.jobId, id));
    await recordAudit(tx, actor, { action: "import.cancel", entityType: "import", entityId: id });
    return toView(row);
  });
}

// ── the job ──────────────────────────────────────────────────────────────────────────

const analyzeAfter: Record<ImportKind, ReturnType<typeof sql>> = {
  consent: sql`analyze consent_events, consent_rollups, consent_daily, consent_totals, profile_reach`,
  profiles: sql`analyze profiles, profile_identifiers, profile_attributes, persons`,
  sources: sql`analyze data_sources`,
};

type Progress = Pick<ImportDetail, "rows" | "accepted" | "duplicates" | "rejected">;

/**
 * Writes the progress after a batch (and its rejected rows) in the batch's transaction; throws
 * JobTakenError when the job is no longer this runner's (cancelled, or taken over), rolling it back.
 */
async function saveProgress(
  tx: Tx | Db,
  id: string,
  runner: string,
  progress: Progress,
  bytesDone: number,
  rejected: FileRow[],
  reasons: Map<FileRow, string>,
) {
  const [row] = await tx
    .update(jobs)
    .set({
      done: bytesDone,
      heartbeatAt: sql`now()`,
      detail: sql`${jobs.detail} || ${JSON.stringify(progress)}::jsonb`,
    })
    .where(runnersJob(id, runner))
    .returning({ id: jobs.id });
  if (!row) throw new JobTakenError();
  if (rejected.length)
    await tx
      .insert(importRejections)
      .values(
        rejected.map((r) => ({
          jobId: id,
          line: r.line,
          reason: reasons.get(r) ?? (r.problem ? inEnglish(r.problem) : "Rejected"),
          row: rawOf(r),
        })),
      )
      .onConflictDoNothing();
}

/** A batch read from the file: its rows, and what checking them before storing found. */
type Prepared = {
  batch: FileRow[];
  rejected: FileRow[];
  reasons: Map<FileRow, string>;
  /** Consent rows checked and resolved, in the order of `candidates`. */
  consent?: ResolvedConsentEvent[];
  candidates: FileRow[];
};

/**
 * Checks a batch before it is stored (consent rows are resolved here, rows refused dropped with
 * their reasons): work that needs no transaction, done while the batch before is being stored.
 */
async function prepareBatch(db: Db, d: ImportDetail, batch: FileRow[]): Promise<Prepared> {
  const rejected: FileRow[] = batch.filter((r) => !r.item);
  const reasons = new Map<FileRow, string>();
  let candidates = batch.filter((r) => r.item);
  if (d.kind !== "consent") return { batch, rejected, reasons, candidates };
  // Each round removes at least one row (or gives up), so this ends.
  while (candidates.length > 0) {
    try {
      const consent = await resolveConsentEvents(
        db,
        candidates.map((r) => r.item!),
        { now: new Date() },
      );
      return { batch, rejected, reasons, candidates, consent };
    } catch (error) {
      if (!(error instanceof RuleError)) throw error;
      candidates = dropRefused(error, candidates, rejected, reasons);
    }
  }
  return { batch, rejected, reasons, candidates, consent: [] };
}

/** The candidates a RuleError does not name; those it names join `rejected` with reasons. */
function dropRefused(
  error: RuleError,
  candidates: FileRow[],
  rejected: FileRow[],
  reasons: Map<FileRow, string>,
): FileRow[] {
  const bad = reasonsByIndex(error);
  if (![...bad.keys()].some((i) => i < candidates.length)) throw error;
  const kept: FileRow[] = [];
  candidates.forEach((row, i) => {
    const why = bad.get(i);
    if (why) {
      rejected.push(row);
      reasons.set(row, inEnglishAll(why));
    } else kept.push(row);
  });
  return kept;
}

/** Stores one prepared batch: the valid rows through the ingest path, the rest as rejections. */
async function storeBatch(
  db: Db,
  actor: Actor,
  id: string,
  runner: string,
  d: ImportDetail,
  prepared: Prepared,
  progress: Progress,
  bytesDone: number,
  /** Checked again this many times after a purpose changed under it (at most CHECKS_AGAIN). */
  checkedAgain = 0,
) {
  const { batch, rejected, reasons } = prepared;
  let candidates = prepared.candidates;
  let next: Progress = progress;
  // Computed from the batch's starting figures each time: a transaction retried after a
  // serialization failure runs this again and must not count the batch twice.
  // `refused`: rows refused inside this transaction (kept apart until it commits).
  const finish = async (
    tx: Tx | Db,
    accepted: number,
    duplicates: number,
    refused = new Map<FileRow, string>(),
  ) => {
    const all = [...rejected, ...refused.keys()];
    const saved = {
      rows: progress.rows + batch.length,
      accepted: progress.accepted + accepted,
      duplicates: progress.duplicates + duplicates,
      rejected: progress.rejected + all.length,
    };
    await saveProgress(tx, id, runner, saved, bytesDone, all, new Map([...reasons, ...refused]));
    next = saved;
  };
  if (d.kind === "sources") {
    // One transaction for the batch and its progress, each row in a savepoint of its own: a
    // crash part-way stores none of the batch, so a resumed job counts every row once.
    await db.transaction(async (tx) => {
      let accepted = 0;
      let duplicates = 0;
      const refused = new Map<FileRow, string>();
      for (const row of candidates) {
        try {
          await createSource(tx, actor, row.item);
          accepted++;
        } catch (error) {
          const issues: Issue[] =
            error instanceof RuleError
              ? error.issues
              : error instanceof z.ZodError
                ? error.issues.map((i) => schemaIssue([], i))
                : [];
          if (!issues.length) throw error;
          if (issues.some((i) => i.message === "validation.sourceKeyTaken")) duplicates++;
          else
            refused.set(
              row,
              inEnglishAll(issues.map((i) => ({ field: i.path, message: i.message }))),
            );
        }
      }
      await finish(tx, accepted, duplicates, refused);
    });
    return next;
  }
  if (prepared.consent) {
    // A row with a TC string or Consent Mode signals is one event per purpose it decides
    // (eventId `<row's eventId>:<purpose>`); the import counts rows, so a row is stored when
    // any of its events is new, and already there when none is.
    const expanded = prepared.consent.length !== candidates.length;
    // Each stored id counts for one row: the same row twice in a batch is stored once.
    const idOf = (row: FileRow) => String(row.item!.eventId).trim();
    const rowsStored = (ids: string[]) => {
      const plainIds = new Set(candidates.filter((r) => !carriesSignal(r.item)).map(idOf));
      const stored = new Set(ids.filter((id) => plainIds.has(id)));
      const storedRows = new Set(
        ids.filter((id) => !plainIds.has(id)).map((id) => id.slice(0, id.lastIndexOf(":"))),
      );
      return candidates.filter((row) =>
        carriesSignal(row.item)
          ? storedRows.delete(signalIdBase(idOf(row)))
          : stored.delete(idOf(row)),
      ).length;
    };
    if (prepared.consent.length) {
      try {
        await storeConsentEvents(db, actor, prepared.consent, {
          storedIds: expanded,
          alongside: (tx, r) => {
            const accepted = expanded ? rowsStored(r.storedIds!) : r.accepted;
            return finish(tx, accepted, candidates.length - accepted);
          },
        });
      } catch (error) {
        // A purpose changed since the batch was checked: checking it again puts its rows on the
        // version then in force, or refuses them (retired, deleted).
        if (!(error instanceof PurposeChangedError) || checkedAgain >= CHECKS_AGAIN) throw error;
        const again = await prepareBatch(db, d, batch);
        return storeBatch(db, actor, id, runner, d, again, progress, bytesDone, checkedAgain + 1);
      }
    } else await db.transaction((tx) => finish(tx, 0, 0));
    return next;
  }
  // A batch refused for some rows is sent again without them (at most a few rounds: only a
  // change to the catalog between two rounds can refuse new rows).
  while (candidates.length > 0) {
    const items = candidates.map((r) => r.item!);
    try {
      await upsertProfiles(db, actor, items, {
        alongside: (tx, r) => finish(tx, r.created + r.updated, r.unchanged),
      });
      return next;
    } catch (error) {
      if (!(error instanceof RuleError)) throw error;
      candidates = dropRefused(error, candidates, rejected, reasons);
    }
  }
  await db.transaction((tx) => finish(tx, 0, 0));
  return next;
}

/**
 * Runs an import to its end (or until it is cancelled or taken over); any instance may call it.
 * As the process stops, it hands the import back after the batch being stored (releaseJob).
 * `options.stopAfter` ends the run after that many batches, as a crash would (tests).
 */
export function runImportJob(
  db: Db,
  id: string,
  options: { stopAfter?: number } = {},
): Promise<ImportView | null> {
  return runAsJob(() => runImport(db, id, options));
}

async function runImport(
  db: Db,
  id: string,
  options: { stopAfter?: number },
): Promise<ImportView | null> {
  const runner = randomUUID();
  const claimed = await claimJob(db, id, { runner });
  if (!claimed || claimed.kind !== IMPORT_JOB) return null;
  const d = claimed.detail as ImportDetail;
  // The rows are stored, and audited, as the import's: it may run long after its admin left.
  const actor: Actor = {
    type: "system",
    label: `import of ${d.fileName} by ${claimed.createdBy ?? "?"}`,
  };
  const mine = runnersJob(id, runner);
  const taken = new Date().toISOString();
  d.startedAt ??= taken;
  d.runFrom = { at: taken, rows: d.rows, bytes: claimed.done };
  d.blankLines ??= d.rows === 0 ? "skipped" : "kept";
  const { startedAt, runFrom, blankLines } = d;
  await db
    .update(jobs)
    .set({
      detail: sql`${jobs.detail} || ${JSON.stringify({ startedAt, runFrom, blankLines })}::jsonb`,
    })
    .where(mine);
  // Heartbeats between batches too: reading past the rows of an earlier run takes a while.
  const stopHeartbeat = keepHeartbeat(db, id, runner);
  const { columns } = columnsOf(d, d.mapping);
  const position = { bytes: 0 };
  let progress: Progress = {
    rows: d.rows,
    accepted: d.accepted,
    duplicates: d.duplicates,
    rejected: d.rejected,
  };
  const bytesDone = () => Math.min(claimed.total, position.bytes);
  const embedded = isEmbedded(db);
  const batchRows = importBatchRows(d.kind, db);
  let batches = 0;
  // On PostgreSQL one batch is stored while the next is read and checked: the file's parsing
  // and the database's work overlap (two cores); batches still commit one after another, in
  // file order.
  let storing: Promise<void> = Promise.resolve();
  try {
    let batch: FileRow[] = [];
    const repeats = new RepeatedProfiles(d.kind);
    const store = async () => {
      const rows = batch;
      const bytes = bytesDone();
      batch = [];
      // Checked while the batch before is being stored.
      const prepared = await prepareBatch(db, d, rows);
      await storing;
      // A breath between batches on the embedded database: every query shares its one
      // connection, and the dashboards' reads waiting for it get their turn here.
      if (embedded) await new Promise((resolve) => setTimeout(resolve, BREATH_MS));
      storing = storeBatch(db, actor, id, runner, d, prepared, progress, bytes).then((next) => {
        progress = next;
      });
      storing.catch(() => {}); // handled where it is awaited: before the next batch, or below
      // The embedded database runs on this thread and has one connection: nothing to overlap,
      // and the dashboards' reads get in while the next batch is read.
      if (embedded) await storing;
    };
    // After a batch: ended there by a test (as by a crash), or handed back as the process stops.
    const halted = async () => {
      if (++batches === options.stopAfter) {
        await storing;
        return true;
      }
      throwIfStopping();
      return false;
    };
    // Rows stored by an earlier run are read past, not stored again.
    let read = 0;
    for await (const rows of fileRowBatches(db, id, d, columns, position, d.rows, true)) {
      for (const row of rows) {
        // Rows already read come through microtasks, which never let the database's answers
        // in: the batch being stored would wait for this loop. Every YIELD_ROWS rows the loop
        // steps aside for them.
        if (++read % YIELD_ROWS === 0) await new Promise((resolve) => setImmediate(resolve));
        if (repeats.startsBatch(row)) {
          await store();
          if (await halted()) return null;
        }
        batch.push(row);
        if (batch.length < batchRows) continue;
        repeats.clear();
        await store();
        if (await halted()) return null;
      }
    }
    if (batch.length) await store();
    await storing;
    // A large import leaves the planner's statistics far behind the tables (autovacuum gets
    // there later): until they are read again, queries that join the new rows can pick plans
    // that scan everything. ANALYZE reads a sample: about a second for a million rows.
    await db.execute(analyzeAfter[d.kind]);
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .update(jobs)
        .set({
          status: "done",
          done: sql`${jobs.total}`,
          finishedAt: new Date(),
          heartbeatAt: sql`now()`,
        })
        .where(mine)
        .returning();
      if (!row) return null;
      await tx.delete(importChunks).where(eq(importChunks.jobId, id));
      await recordAudit(tx, actor, {
        action: "import.finish",
        entityType: "import",
        entityId: id,
        detail: { fileName: d.fileName, ...progress },
      });
      return toView(row);
    });
  } catch (error) {
    // A batch still being stored ends first (committed, or rolled back by its own error).
    await storing.catch(() => {});
    if (error instanceof JobTakenError || error instanceof MissingPiece) return null;
    if (error instanceof StoppingError) {
      await releaseJob(db, id, runner);
      return null;
    }
    // A broken file fails for good; anything else (the database away) is tried again later.
    const final = error instanceof CsvFormatError || error instanceof EncodingError;
    const attempts = Number((claimed.detail as ImportDetail).attempts ?? 1);
    if (!final) console.error(`import ${id} failed:`, error);
    const why = stoppedWhy(error);
    const errorSaid = final
      ? (error as CsvFormatError | EncodingError).said
      : attempts < MAX_ATTEMPTS
        ? said("stoppedRetrying", why)
        : said("stoppedGaveUp", { ...why, attempts });
    await db
      .update(jobs)
      .set({
        status: "failed",
        error: final ? inEnglish(errorSaid) : withDatabaseWords(inEnglish(errorSaid), why),
        heartbeatAt: sql`now()`,
        detail: sql`${jobs.detail} || ${JSON.stringify({
          errorSaid,
          ...(final ? { attempts: 99 } : {}),
        })}::jsonb`,
      })
      .where(mine);
    return null;
  } finally {
    stopHeartbeat();
  }
}

/** Runs every import that is queued or whose runner stopped; safe on any instance. */
export async function resumeImportJobs(db: Db): Promise<void> {
  const pending = await db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.kind, IMPORT_JOB), claimableJobs()))
    .orderBy(asc(jobs.createdAt));
  for (const { id } of pending) await runImportJob(db, id);
}

/** The rejected rows as CSV: line, reason, and the row as it was in the file. */
export async function* rejectedRowsCsv(db: Db, id: string): AsyncGenerator<string> {
  await getImport(db, id);
  // Every cell through csvCell: a row as the file had it may start with "=", "+", "-" or "@",
  // which a spreadsheet would run as a formula; it gets an apostrophe in front.
  yield stringify([["line", "reason", "row"]]);
  let after = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(importRejections)
      .where(and(eq(importRejections.jobId, id), sql`${importRejections.line} > ${after}`))
      .orderBy(asc(importRejections.line))
      .limit(5_000);
    if (rows.length === 0) return;
    yield stringify(rows.map((r) => [r.line, csvCell(r.reason), csvCell(r.row)]));
    after = rows.at(-1)!.line;
  }
}

/** The data sources a file or the Segment source may be filed under: those not retired. */
export async function sourceOptions(db: Db): Promise<{ key: string; name: string }[]> {
  return db
    .select({ key: dataSources.key, name: dataSources.name })
    .from(dataSources)
    .where(sql`${dataSources.retiredAt} is null`)
    .orderBy(asc(dataSources.name));
}
