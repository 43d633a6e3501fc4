/**
 * CSV records from a stream of text, parsed by csv-parse. The first line is the header; its
 * delimiter (comma, semicolon — what German spreadsheets write —, tab or bar) is read from it.
 * Each record comes with the line it starts on, as a spreadsheet numbers rows (the header is
 * line 1). A record with the wrong number of fields is handed on with its line so the caller can
 * reject that row alone; a quote left open ends the file, since everything after it is one field.
 */
import { inEnglish, said, type Said } from "./said";
import { parse, CsvError } from "csv-parse";

export const delimiters = [",", ";", "\t", "|"] as const;
export type Delimiter = (typeof delimiters)[number];

/** The file's structure is broken at `line`; nothing after it can be read reliably. */
export class CsvFormatError extends Error {
  constructor(
    readonly said: Said,
    readonly line: number,
  ) {
    super(inEnglish(said));
    this.name = "CsvFormatError";
  }
}

export type CsvRecord = { line: number; values: string[] };

/** A delimiter's name, as the messages say it. */
export function delimiterName(d: Delimiter): "comma" | "semicolon" | "tab" | "bar" {
  return d === "," ? "comma" : d === ";" ? "semicolon" : d === "\t" ? "tab" : "bar";
}

/** The delimiter the header line uses most, outside quotes; a comma when it has none. */
export function detectDelimiter(headerLine: string): Delimiter {
  const counts = new Map<Delimiter, number>(delimiters.map((d) => [d, 0]));
  let quoted = false;
  for (const char of headerLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && counts.has(char as Delimiter))
      counts.set(char as Delimiter, counts.get(char as Delimiter)! + 1);
  }
  let best: Delimiter = ",";
  for (const [d, n] of counts) if (n > counts.get(best)!) best = d;
  return best;
}

// "fieldTooLong" says a row too long (its key kept: stopped imports store it).
const broken = (
  key: "unclosedQuote" | "textAfterClosingQuote" | "quoteInUnquotedField" | "fieldTooLong",
  line: number,
) => new CsvFormatError(said(key, { line }), line);

/**
 * The longest row: 1 MB of the file, its fields together. The upload's check refuses a longer
 * one as the file arrives; the parser's own limit (in characters, never more than the bytes)
 * then never stops an import part-way.
 */
const MAX_ROW_BYTES = 1_000_000;
const unclosedQuote = (line: number) => broken("unclosedQuote", line);
const textAfterClosingQuote = (line: number) => broken("textAfterClosingQuote", line);
const quoteInUnquotedField = (line: number) => broken("quoteInUnquotedField", line);

/**
 * The delimiter of a file from its start: its header line's, ended by CR, LF or both. The header
 * is the first line that is not empty: csv-parse skips empty lines (a byte-order mark is none).
 */
function delimiterOf(start: string): Delimiter {
  const lines = start.replace(/^(\uFEFF|\xEF\xBB\xBF)/, "").split(/\r\n|\r|\n/);
  return detectDelimiter(lines.find((line) => line !== "") ?? "");
}

/** Whether `start` holds the header line whole: a line that is not empty, and its end. */
const holdsHeader = (start: string) =>
  /[^\r\n][\r\n]/.test(start.replace(/^(\uFEFF|\xEF\xBB\xBF)/, ""));

function describe(error: CsvError, line: number): CsvFormatError {
  switch (error.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return unclosedQuote(line);
    case "CSV_INVALID_CLOSING_QUOTE":
    case "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE":
      return textAfterClosingQuote(line);
    case "INVALID_OPENING_QUOTE":
      return quoteInUnquotedField(line);
    case "CSV_MAX_RECORD_SIZE":
      return broken("fieldTooLong", line);
    default:
      return new CsvFormatError(said("unreadableCsv", { line, detail: error.message }), line);
  }
}

/**
 * Yields the header (as `line` 1) and then every record of the CSV text `chunks`. Empty lines,
 * and lines whose every field is empty or blank, are skipped. Throws CsvFormatError when the
 * structure breaks, and whatever `chunks` throws. One at a time: see csvRecordBatches for many.
 */
export async function* csvRecords(
  chunks: AsyncIterable<string>,
  options: CsvRecordOptions = {},
): AsyncGenerator<CsvRecord & { delimiter: Delimiter }> {
  for await (const records of csvRecordBatches(chunks, options)) yield* records;
}

type CsvRecordOptions = {
  delimiter?: Delimiter;
  /**
   * False: a line of delimiters only is a record (of empty fields), as it was before such
   * lines were skipped. An import that was running then resumes by counting records as it did.
   */
  skipBlankRecords?: boolean;
};

/**
 * How much text the parser reads at a time: about 250 rows of a consent file, a millisecond or
 * two of parsing, so a reader that lets other work in between records is never held up for long
 * (an uploaded file arrives in pieces of up to a megabyte).
 */
const PARSE_CHARS = 16 * 1024;

/** The first half of a character that UTF-16 writes as two units. */
const isHighSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;

/**
 * The records of csvRecords, in arrays: those parsed from each part of the text, in order (a
 * record before a broken one is yielded before the error). What a large file's reader wants:
 * each record handed through an async generator costs a few promises, which added up to a
 * quarter of the parsing time of a million rows.
 */
export async function* csvRecordBatches(
  chunks: AsyncIterable<string>,
  options: CsvRecordOptions = {},
): AsyncGenerator<(CsvRecord & { delimiter: Delimiter })[]> {
  const iterator = chunks[Symbol.asyncIterator]();
  // Read up to the end of the header line to choose the delimiter, then replay what was read.
  let head = "";
  let done = false;
  while (!holdsHeader(head) && !done) {
    const next = await iterator.next();
    if (next.done) done = true;
    else head += next.value;
  }
  if (done && !head.trim()) return;
  const delimiter = options.delimiter ?? delimiterOf(head);

  async function* replay() {
    yield head;
    if (done) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next())
      yield next.value;
  }
  // Every line ending becomes \n before parsing, inside quoted fields too: csv-parse counts a
  // quoted CRLF as two lines, which would number every later row one too far.
  async function* unixLines() {
    let carry = false;
    for await (const piece of replay()) {
      let text: string = (carry ? "\r" : "") + piece;
      carry = text.endsWith("\r");
      if (carry) text = text.slice(0, -1);
      yield text.replace(/\r\n?/g, "\n");
    }
    if (carry) yield "\n";
  }
  let lastLine = 0;
  let parsed: (CsvRecord & { delimiter: Delimiter })[] = [];
  const parser = parse({
    delimiter,
    relax_column_count: true,
    skip_empty_lines: true,
    // A line of delimiters only (a spreadsheet's empty rows, ";;;;;;") is an empty line too.
    // Skipped before on_record.
    skip_records_with_empty_values: options.skipBlankRecords ?? true,
    record_delimiter: "\n",
    max_record_size: MAX_ROW_BYTES,
    // Runs as each record is parsed, while the text is written to the parser: the record is
    // taken here with its line (csv-parse's `info` option would build a second context object
    // per record), and returning null keeps it out of the stream's own buffer. An error found
    // later in the same text still knows the last line that parsed.
    on_record: (record: string[], context) => {
      lastLine = context.lines;
      // `lines` is the line the record ends on; a record spanning lines (a quoted newline)
      // starts that many lines earlier.
      let span = 0;
      for (const value of record) if (value.includes("\n")) span += value.split("\n").length - 1;
      parsed.push({ line: context.lines - span, values: record, delimiter });
      return null;
    },
  });
  // A fault is read from `parser.errored`, set as the text is written; the event comes later.
  parser.on("error", () => {});
  const fault = () => {
    const error = parser.errored;
    if (!(error instanceof CsvError)) return error;
    // An open quote swallows the rest of the file: it opened on the line after the last record.
    const line =
      error.code === "CSV_QUOTE_NOT_CLOSED"
        ? lastLine + 1
        : ((error as CsvError & { lines?: number }).lines ?? lastLine + 1);
    return describe(error, line);
  };
  const take = () => {
    const records = parsed;
    parsed = [];
    return records;
  };
  for await (const text of unixLines()) {
    for (let at = 0; at < text.length;) {
      let end = Math.min(at + PARSE_CHARS, text.length);
      // Never between the two halves of a character beyond the first 65,536 (an emoji): the
      // parser encodes each piece to UTF-8 on its own, and half a character would become U+FFFD.
      if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end--;
      parser.write(text.slice(at, end));
      at = end;
      if (parsed.length) yield take();
      if (parser.errored) throw fault();
    }
  }
  // The last record, if the text does not end with a line break, is parsed as the parser ends.
  await new Promise<void>((resolve) => {
    parser.once("finish", resolve);
    parser.once("close", resolve);
    parser.end();
  });
  if (parsed.length) yield take();
  if (parser.errored) throw fault();
}

const BOM = [0xef, 0xbb, 0xbf];
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const enum Place {
  FieldStart,
  Unquoted,
  Quoted,
  /** A quote inside a quoted field: the field's end, or the first of two (an escaped quote). */
  QuoteInQuoted,
}

/**
 * Checks a CSV file's quoting as its bytes arrive, before any of it is imported: csvRecords
 * (csv-parse, as configured there) stops at the first quote out of place, and an import that met
 * one half-way would have stored the rows before it. The same faults, at the line a spreadsheet
 * shows: a quote inside an unquoted field, text after a closing quote, a quote never closed (at
 * the line it opened). Bytes, not text: quotes, delimiters and line endings are ASCII, which
 * UTF-8 and Windows-1252 alike never use inside another character, so the check runs before the
 * file's encoding is known. The delimiter is the one given, else the header line's (as
 * csvRecords chooses it); a leading byte-order mark is skipped. Throws CsvFormatError.
 */
export class CsvQuoteCheck {
  private place = Place.FieldStart;
  private line = 1;
  private openedOn = 0;
  private afterCr = false;
  /** The bytes of the row being read so far, and the line it began on. */
  private rowBytes = 0;
  private rowLine = 1;
  /** How much of a leading byte-order mark has been read; -1 once the file is past it. */
  private bom = 0;
  private delimiter: number | undefined;
  /** The file's first bytes, held until the header line ends and says the delimiter. */
  private held: Uint8Array[] = [];
  private heldBytes = 0;

  constructor(delimiter?: Delimiter) {
    this.delimiter = delimiter?.charCodeAt(0);
  }

  push(bytes: Uint8Array): void {
    if (this.delimiter !== undefined) return this.scan(bytes, this.delimiter);
    this.held.push(bytes);
    this.heldBytes += bytes.byteLength;
    // A header longer than csvRecords' longest field is refused there anyway.
    if (this.heldBytes < 1_000_000 && !holdsHeader(Buffer.concat(this.held).toString("latin1")))
      return;
    this.scanHeld();
  }

  private scanHeld() {
    const start = Buffer.concat(this.held);
    this.held = [];
    this.delimiter = delimiterOf(start.toString("latin1")).charCodeAt(0);
    this.scan(start, this.delimiter);
  }

  private scan(bytes: Uint8Array, delimiter: number) {
    for (let i = 0; i < bytes.length; i++) {
      const byte = bytes[i]!;
      if (this.bom >= 0) {
        if (byte === BOM[this.bom]) {
          if (++this.bom === BOM.length) this.bom = -1;
          continue;
        }
        // Not a mark after all: the bytes read so far began a field.
        if (this.bom > 0) this.place = Place.Unquoted;
        this.bom = -1;
      }
      if (++this.rowBytes > MAX_ROW_BYTES) throw broken("fieldTooLong", this.rowLine);
      const newline = byte === LF || byte === CR;
      if (newline) {
        // CRLF is one line ending; CR alone (old Macs) is one too.
        if (!(byte === LF && this.afterCr)) this.line++;
        this.afterCr = byte === CR;
      } else this.afterCr = false;
      switch (this.place) {
        case Place.FieldStart:
          if (byte === QUOTE) {
            this.place = Place.Quoted;
            this.openedOn = this.line;
          } else if (byte !== delimiter && !newline) this.place = Place.Unquoted;
          break;
        case Place.Unquoted:
          if (byte === delimiter || newline) this.place = Place.FieldStart;
          else if (byte === QUOTE) throw quoteInUnquotedField(this.line);
          break;
        case Place.Quoted:
          if (byte === QUOTE) this.place = Place.QuoteInQuoted;
          break;
        case Place.QuoteInQuoted:
          if (byte === QUOTE) this.place = Place.Quoted;
          else if (byte === delimiter || newline) this.place = Place.FieldStart;
          else throw textAfterClosingQuote(this.line);
          break;
      }
      // A line ending outside quotes ends the row.
      if (newline && this.place === Place.FieldStart) {
        this.rowBytes = 0;
        this.rowLine = this.line;
      }
    }
  }

  /** The file has ended: a quoted field still open is an error at the line it opened on. */
  end(): void {
    if (this.delimiter === undefined) this.scanHeld();
    if (this.place === Place.Quoted) throw unclosedQuote(this.openedOn);
  }
}

/** Checks the quoting of a whole CSV text held as bytes (see CsvQuoteCheck). */
export function checkCsvQuotes(bytes: Uint8Array): void {
  const check = new CsvQuoteCheck();
  check.push(bytes);
  check.end();
}
