import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvRecords, CsvFormatError, CsvQuoteCheck } from "./csv";

async function* piecesOf(text: string, size: number) {
  for (let at = 0; at < text.length; at += size) yield text.slice(at, at + size);
}

/** What csvRecords (csv-parse) makes of a text: every record, or the fault it stopped at. */
async function parsed(text: string, delimiter?: ","): Promise<string[][] | CsvFormatError> {
  const records: string[][] = [];
  try {
    for await (const r of csvRecords(piecesOf(text, 7), { delimiter })) records.push(r.values);
    return records;
  } catch (error) {
    if (error instanceof CsvFormatError) return error;
    throw error;
  }
}

/** What the quote check makes of the same text, fed in pieces of `size` bytes. */
function checked(text: string, size: number, delimiter?: ","): CsvFormatError | null {
  const bytes = new TextEncoder().encode(text);
  const check = new CsvQuoteCheck(delimiter);
  try {
    for (let at = 0; at < bytes.length; at += size) check.push(bytes.subarray(at, at + size));
    check.end();
    return null;
  } catch (error) {
    if (error instanceof CsvFormatError) return error;
    throw error;
  }
}

const kind = (error: CsvFormatError) => error.message.replace(/^Line \d+ /, "");

describe("CsvQuoteCheck", () => {
  it("refuses a row longer than 1 MB as it arrives, at the line it began on, as the parser would", async () => {
    const field = "x".repeat(40_000);
    // 30 fields of 40,000 characters: each is short, the row is 1.2 MB.
    const long = Array.from({ length: 30 }, (_, i) => (i === 0 ? `"${field}"` : field)).join(",");
    const text = `a,b\n1,2\n${long}\n3,4\n`;
    const ours = checked(text, 65_536);
    expect(ours?.message).toBe(
      "The row beginning on line 3 is longer than 1 MB; a row may hold at most 1 MB, its fields together",
    );
    expect(ours?.line).toBe(3);
    const library = await parsed(text);
    expect(library instanceof CsvFormatError && library.message).toBe(ours!.message);
    // Many rows together past 1 MB are no row longer than it.
    const many = `a,b\n${`${"y".repeat(900)},z\n`.repeat(2_000)}`;
    expect(checked(many, 65_536)).toBeNull();
  });

  it("finds a fault exactly where csv-parse stops, whatever the pieces", async () => {
    await fc.assert(
      fc.asyncProperty(
        // The header too, with its delimiter read from it as for an upload (a file of CR line
        // endings included), or given.
        fc.array(fc.constantFrom("h", ",", ";", '"', " "), { maxLength: 6 }),
        fc.constantFrom("\n", "\r", "\r\n"),
        fc.array(fc.constantFrom("a", ",", ";", '"', "\n", "\r", " ", "ü"), { maxLength: 40 }),
        fc.integer({ min: 1, max: 9 }),
        fc.boolean(),
        async (header, end, chars, size, given) => {
          // Empty lines before the header included: the header is the first line with text.
          const text = `${header.join("")}${end}${chars.join("")}`;
          const delimiter = given ? "," : undefined;
          const library = await parsed(text, delimiter);
          const ours = checked(text, size, delimiter);
          if (!(library instanceof CsvFormatError)) {
            expect(ours).toBeNull();
            return;
          }
          expect(ours, JSON.stringify(text)).not.toBeNull();
          expect(kind(ours!)).toBe(kind(library));
          // csv-parse names the line of the fault, except for a quote never closed: it
          // reaches the end of the file, and csvRecords guesses the line after the last record
          // (blank lines in between count it short). The check names the line the quote opened
          // on: the examples below.
          if (!kind(library).startsWith("opens a quoted field"))
            expect(ours!.line).toBe(library.line);
        },
      ),
      { numRuns: 3_000 },
    );
  });

  it("names the line a quote opened on, past blank lines and CR line endings", () => {
    expect(checked('a,b\n1,2\n\n\n3,"4\n5,6\n', 3)?.message).toBe(
      'Line 5 opens a quoted field that is never closed; close the quote (a quote inside a field is written twice: "")',
    );
    expect(checked('a,b\r1,"2\r\r3",4\r5,"6', 2)?.line).toBe(5);
    expect(checked('a,b\r\n1,x"y\r\n', 4)?.message).toBe(
      'Line 2 has a quote inside a field that does not start with one; put the whole field in quotes and write the quote twice ("")',
    );
  });

  it("reads past a byte-order mark and a quoted header, its delimiter read from it", () => {
    expect(checked('\uFEFF"a";b\n"1; ""one""";2\n1,x;3\n', 1)).toBeNull();
    // With a comma the same rows would break: the semicolon is the delimiter.
    expect(checked('\uFEFF"a";b\n"1; ""one""";2\n1,x;3\n', 1, ",")).not.toBeNull();
  });

  it("reads the header after empty lines, its delimiter from it", async () => {
    const text = '\n\r\nid;note\n1;a,b\n2;"x;y"\n';
    expect(await parsed(text)).toEqual([
      ["id", "note"],
      ["1", "a,b"],
      ["2", "x;y"],
    ]);
    const lines: number[] = [];
    for await (const r of csvRecords(piecesOf(text, 1))) lines.push(r.line);
    expect(lines).toEqual([3, 4, 5]);
    for (const size of [1, 2, 100]) expect(checked(text, size)).toBeNull();
    expect(checked('\uFEFF\n\nid;note\n1;"a;b\n', 2)?.line).toBe(4);
  });

  it("skips a spreadsheet's empty rows, lines of delimiters only, keeping every line's number", async () => {
    const text = 'id;note\n1;a\n;;\n ; \n2;"x\ny"\n;\n3;c\n;;;;;;\n';
    const records: { line: number; values: string[] }[] = [];
    for await (const r of csvRecords(piecesOf(text, 3))) records.push(r);
    expect(records.map((r) => [r.line, ...r.values])).toEqual([
      [1, "id", "note"],
      [2, "1", "a"],
      [5, "2", "x\ny"],
      [8, "3", "c"],
    ]);
  });

  it("keeps every character whole, wherever the parser's pieces of a long text end", async () => {
    // Emoji (two UTF-16 units each) at every offset around the parser's 16 kB pieces.
    let text = "id,note\n";
    const notes: string[] = [];
    for (let i = 0; text.length < 40_000; i++) {
      const note = `${"x".repeat(i % 7)}\u{1F600}\u{1F4E7}ü${i}`;
      notes.push(note);
      text += `${i},${note}\n`;
    }
    const records: string[][] = [];
    for await (const r of csvRecords(piecesOf(text, 1 << 20))) records.push(r.values);
    expect(records.slice(1).map((values) => values[1])).toEqual(notes);
  });

  it("reads a file of CR line endings by its header line alone", async () => {
    const text = 'id;note\r1;a,b,c\r2;x,y,z\r3;"he said ""hi"", ok"\r';
    expect(checked(text, 5)).toBeNull();
    expect(await parsed(text)).toEqual([
      ["id", "note"],
      ["1", "a,b,c"],
      ["2", "x,y,z"],
      ["3", 'he said "hi", ok'],
    ]);
  });
});
