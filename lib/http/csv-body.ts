/**
 * CSV request bodies on the ingest routes (docs/imports.md): the header names the JSON
 * fields, each row becomes one item, and every issue is reported by the row's line in the file
 * (`line.<n>.<field>`, the header being line 1). The body is decoded as its `charset` says
 * (UTF-8 by default, with or without a byte-order mark; Windows-1252 on request).
 */
import { HttpError, RuleError, type Issue } from "@/lib/errors";
import { readBody } from ".";
import { charsetOf, EncodingError, looksLikeUtf16, StreamDecoder } from "@/lib/imports/decode";
import { checkCsvQuotes, csvRecords, CsvFormatError, delimiterName } from "@/lib/imports/csv";
import { resolveColumns, rowItem, type ImportKind } from "@/lib/imports/rows";
import { inEnglish, said, saying } from "@/lib/imports/said";

export function isCsv(contentType: string): boolean {
  return contentType.split(";")[0]!.trim().toLowerCase() === "text/csv";
}

async function* decoded(body: Uint8Array, decoder: StreamDecoder) {
  yield decoder.push(body);
  yield decoder.end();
}

/** The items of a CSV body and, for each, the line it came from. Structural faults are a 400. */
export async function readCsv(
  request: Request,
  kind: ImportKind,
  options: { field: string; maxBytes: number; maxItems: number },
): Promise<CsvBody> {
  const { field, maxBytes, maxItems } = options;
  const body = await readBody(request, maxBytes);
  const charset = charsetOf(request.headers.get("content-type") ?? "");
  if (charset === "unsupported")
    throw new HttpError(415, "Send CSV as UTF-8 or Windows-1252 (charset=utf-8 or windows-1252)");

  if (looksLikeUtf16(body)) {
    const message =
      'The body is UTF-16 (Excel\'s "Unicode Text"); send CSV as UTF-8 (Excel: save as "CSV UTF-8")';
    throw new HttpError(400, message, [{ path: "line.1", message }]);
  }

  const items: Record<string, unknown>[] = [];
  const lines: number[] = [];
  const issues: Issue[] = [];
  let columns: ReturnType<typeof resolveColumns>["columns"] | undefined;
  let width = 0;
  try {
    // Quotes first: a quote never closed is named at the line it opened on.
    checkCsvQuotes(body);
    const records = csvRecords(decoded(body, new StreamDecoder(charset ?? "utf-8")));
    for await (const { line, values, delimiter } of records) {
      if (!columns) {
        const resolved = resolveColumns(kind, values);
        if (resolved.problems.length)
          throw new HttpError(
            400,
            `The header row (line ${line}) is not usable: ${resolved.problems.map(inEnglish).join("; ")}`,
            resolved.problems.map((p) => ({ path: `line.${line}`, message: inEnglish(p) })),
          );
        columns = resolved.columns;
        width = values.length;
        continue;
      }
      if (items.length === maxItems)
        throw new HttpError(422, "The request is invalid", [
          { path: field, message: `Send at most ${maxItems} rows per request` },
        ]);
      if (values.length !== width) {
        issues.push({
          path: `line.${line}`,
          message: inEnglish(
            said("fieldCount", {
              line,
              count: values.length,
              header: width,
              delimiter: delimiterName(delimiter),
            }),
          ),
        });
        continue;
      }
      items.push(rowItem(kind, columns, values));
      lines.push(line);
    }
  } catch (error) {
    if (error instanceof EncodingError) {
      const message = `${error.message}. If the file was saved as Windows-1252 (Excel's "CSV" on Windows), send it with "Content-Type: text/csv; charset=windows-1252", or save it as "CSV UTF-8"`;
      throw new HttpError(400, message, [{ path: `line.${error.line}`, message }]);
    }
    if (error instanceof CsvFormatError)
      throw new HttpError(400, error.message, [
        { path: `line.${error.line}`, message: error.message },
      ]);
    throw error;
  }
  if (!columns) throw new HttpError(400, "The body is empty; send a header row and data rows");
  if (items.length === 0 && issues.length === 0)
    throw new HttpError(400, `The body has a header but no ${field}`);
  return { items, lines, unreadable: issues };
}

/**
 * A CSV body's items, the line each came from, and the rows that could not be read as items
 * (a wrong number of fields): those are refused with the others' faults, not before them.
 */
export type CsvBody = { items: Record<string, unknown>[]; lines: number[]; unreadable: Issue[] };

/**
 * Runs `ingest` on CSV items, turning issues about item `i` (`<field>.<i>.…`) into issues about
 * its line (`line.<n>.…`), so a CSV sender hears about rows, not indexes. When some rows could
 * not be read, nothing is stored: the others are only checked (`check`), and every fault of the
 * file is answered at once, by line.
 */
export async function byLine<T>(
  csv: CsvBody,
  field: string,
  run: { store: () => Promise<T>; check: () => Promise<unknown> },
): Promise<T> {
  const { lines, unreadable } = csv;
  const total = lines.length + unreadable.length;
  const refuse = (issues: Issue[]): never => {
    const lineOf = (i: Issue) => Number(i.path.split(".")[1]);
    issues.sort((a, b) => lineOf(a) - lineOf(b));
    const rows = new Set(issues.map(lineOf)).size;
    throw new RuleError(`${rows} of ${total} rows are invalid; nothing was stored`, issues);
  };
  try {
    if (!unreadable.length) return await run.store();
    await run.check();
  } catch (error) {
    if (!(error instanceof RuleError)) throw error;
    refuse([...unreadable, ...error.issues.map((issue) => onItsLine(issue, lines, field))]);
  }
  return refuse([...unreadable]);
}

/** An issue about item `i` of `field`, said about the line the item came from. */
function onItsLine(issue: Issue, lines: number[], field: string): Issue {
  const prefix = `${field}.`;
  if (!issue.path.startsWith(prefix)) return issue;
  const [index, ...rest] = issue.path.slice(prefix.length).split(".");
  const line = lines[Number(index)];
  if (line === undefined) return issue;
  const path = ["line", line, ...rest].join(".");
  // A repeat says where the subject came first: on its line too, not at its index.
  const first = issue.said?.key === "subjectTwice" ? issue.said.values : undefined;
  const firstLine = first && lines[Number(first.first)];
  if (first && firstLine !== undefined)
    return {
      path,
      ...saying(said("subjectTwiceOnLine", { subjectId: first.subjectId, line: firstLine })),
    };
  return { ...issue, path };
}
