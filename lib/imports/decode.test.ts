import { describe, expect, it } from "vitest";
import { charsetOf, EncodingError, StreamDecoder, Utf8Tally } from "./decode";
import { csvRecords, detectDelimiter } from "./csv";

const utf8 = (s: string) => new TextEncoder().encode(s);

function decodeChunks(chunks: Uint8Array[], encoding: "utf-8" | "windows-1252" = "utf-8") {
  const decoder = new StreamDecoder(encoding);
  return chunks.map((c) => decoder.push(c)).join("") + decoder.end();
}

describe("StreamDecoder", () => {
  it("keeps a character cut between two chunks whole, at every cut", () => {
    const bytes = utf8("Grüße, 東京 😀\nzwei");
    for (let cut = 0; cut <= bytes.length; cut++)
      expect(decodeChunks([bytes.slice(0, cut), bytes.slice(cut)])).toBe("Grüße, 東京 😀\nzwei");
  });

  it("drops a byte-order mark at the start only", () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf]);
    expect(decodeChunks([bom, utf8("a,b")])).toBe("a,b");
    expect(decodeChunks([utf8("a"), bom])).toBe("a\ufeff");
  });

  it("names the line and column of the first broken byte, across chunks", () => {
    const decoder = new StreamDecoder("utf-8");
    decoder.push(utf8("a,b\nüber,"));
    let caught: unknown;
    try {
      decoder.push(new Uint8Array([0x78, 0x0a, 0x79, 0xfc, 0x7a]));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EncodingError);
    expect(caught).toMatchObject({ line: 3, column: 2 });
  });

  it("reports a file ending inside a character", () => {
    const decoder = new StreamDecoder("utf-8");
    decoder.push(new Uint8Array([0x61, 0xe6, 0x9d]));
    expect(() => decoder.end()).toThrow(/^Line 1 is not valid UTF-8 \(column 2\)/);
  });

  it("decodes Windows-1252, the euro sign included", () => {
    expect(
      decodeChunks(
        [new Uint8Array([0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72, 0x20, 0x80])],
        "windows-1252",
      ),
    ).toBe("Müller €");
  });
});

describe("detection", () => {
  it("reads the charset parameter", () => {
    expect(charsetOf("text/csv")).toBeUndefined();
    expect(charsetOf("text/csv; charset=UTF-8")).toBe("utf-8");
    expect(charsetOf('text/csv; charset="ISO-8859-1"')).toBe("windows-1252");
    expect(charsetOf("text/csv;charset=utf-16")).toBe("unsupported");
  });

  it("chooses the delimiter the header uses most, outside quotes", () => {
    expect(detectDelimiter("a;b;c")).toBe(";");
    expect(detectDelimiter('"a,b";c;d')).toBe(";");
    expect(detectDelimiter("a\tb\tc")).toBe("\t");
    expect(detectDelimiter("a,b;c,d")).toBe(",");
    expect(detectDelimiter("subjectId")).toBe(",");
  });
});

describe("csvRecords", () => {
  async function* pieces(...texts: string[]) {
    for (const t of texts) yield t;
  }
  async function lines(...texts: string[]) {
    const out: [number, string[]][] = [];
    for await (const r of csvRecords(pieces(...texts))) out.push([r.line, r.values]);
    return out;
  }

  it("numbers rows as the file's lines, whatever the line endings inside and between quotes", async () => {
    expect(await lines('a,b\r\n1,"x\r\ny"\r\n2,z\r\n\r\n3,w')).toEqual([
      [1, ["a", "b"]],
      [2, ["1", "x\ny"]],
      [4, ["2", "z"]],
      [6, ["3", "w"]],
    ]);
    // A CRLF cut between two pieces, and old Mac line endings.
    expect(await lines("a,b\r", "\n1,2\r3,4")).toEqual([
      [1, ["a", "b"]],
      [2, ["1", "2"]],
      [3, ["3", "4"]],
    ]);
  });

  it("keeps numbering rows right through a long file, in pieces, with quoted newlines and empty lines", async () => {
    // Row i (from 0) holds i; every 1,000th has a quoted two-line value, every 1,500th is
    // followed by an empty line: the line of each row is counted here the slow, obvious way.
    let text = "n,note\n";
    const expected: [number, string][] = [];
    let line = 2;
    for (let i = 0; i < 10_000; i++) {
      expected.push([line, String(i)]);
      text += i % 1_000 === 999 ? `${i},"two\nlines"\n` : `${i},x\n`;
      line += i % 1_000 === 999 ? 2 : 1;
      if (i % 1_500 === 0) {
        text += "\n";
        line++;
      }
    }
    const cut = Array.from({ length: 23 }, (_, k) => text.slice(k * 4_000, (k + 1) * 4_000));
    const got = (await lines(...cut, text.slice(23 * 4_000))).slice(1);
    expect(got.map(([at, values]) => [at, values[0]])).toEqual(expected);
  });

  it("names the line a never-closed quote opens on, the header's included", async () => {
    await expect(lines('"a,b\n1,2\n')).rejects.toThrow(/^Line 1 opens a quoted field/);
    await expect(lines('a,b\n1,2\n3,"x\n4,5\n')).rejects.toThrow(/^Line 3 opens a quoted field/);
  });
});

describe("Utf8Tally", () => {
  const tallied = (bytes: Uint8Array, size: number) => {
    const tally = new Utf8Tally();
    for (let at = 0; at < bytes.length; at += size) tally.push(bytes.subarray(at, at + size));
    tally.end();
    const { valid, invalid, telling } = tally;
    return { valid, invalid, telling, damaged: tally.damaged() };
  };
  const latin1 = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

  it("counts UTF-8 letters and stray bytes alike in any pieces, a letter split between two", () => {
    const text = Buffer.concat([utf8("Müller, Groß, 日本, 😀 "), latin1("caf\xe9 na\xefve")]);
    for (const size of [1, 2, 3, 5, 1000])
      expect(tallied(text, size), String(size)).toEqual({
        valid: 5,
        invalid: 2,
        telling: 2,
        damaged: true,
      });
  });

  it("tells damaged UTF-8 from Windows-1252 whose punctuation forms UTF-8 now and then", () => {
    const judged = (text: Uint8Array) => tallied(text, 1000).damaged;
    // UTF-8 with one broken byte, or a UTF-8 row among Windows-1252 ones.
    expect(judged(Buffer.concat([utf8("Grüße, "), latin1("Gr\xfc\xdfe")]))).toBe(true);
    expect(judged(Buffer.concat([latin1("M\xfcller ".repeat(5)), utf8("Grüße")]))).toBe(true);
    expect(judged(Buffer.concat([utf8("日本語のテキスト"), latin1("\xff")]))).toBe(true);
    // Windows-1252: "é »" (with a no-break space) and "ß“" are well-formed UTF-8 by chance.
    expect(judged(latin1("\xab Politique de confidentialit\xe9\xa0\xbb"))).toBe(false);
    expect(judged(latin1("\x84Gro\xdf\x93 \x96 f\xfcr Kunden"))).toBe(false);
    expect(judged(latin1("\xe9t\xe9 \xe0 la mer".repeat(30)))).toBe(false);
    // "í »" (ED A0 BB) looks like UTF-8 but is a surrogate, which no UTF-8 text holds.
    expect(tallied(latin1("S\xed\xa0\xbb"), 1000)).toMatchObject({ valid: 0, invalid: 3 });
  });
});
