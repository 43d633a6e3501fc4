import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { csvResponse, csvStreamResponse, toCsv } from "./csv";

describe("toCsv", () => {
  const columns = [
    { header: "name", value: (r: { name: string; n: number | null }) => r.name },
    { header: "n", value: (r: { name: string; n: number | null }) => r.n },
  ];

  it("quotes commas, quotes and newlines so the file parses back to the same cells", () => {
    const rows = [
      { name: 'Comma, "quoted"\nand newline', n: 1 },
      { name: "plain", n: null },
    ];
    expect(parse(toCsv(rows, columns))).toEqual([
      ["name", "n"],
      ['Comma, "quoted"\nand newline', "1"],
      ["plain", ""],
    ]);
  });

  it("defuses spreadsheet formulas", () => {
    const rows = ['=HYPERLINK("x")', "+1", "-2", "@SUM(A1)"].map((name) => ({ name, n: 0 }));
    const cells = parse(toCsv(rows, columns))
      .slice(1)
      .map((r: string[]) => r[0]);
    expect(cells).toEqual(['\'=HYPERLINK("x")', "'+1", "'-2", "'@SUM(A1)"]);
  });

  it("exports a field named as a column as it is, under its name in snake case", () => {
    const rows = [{ monthlyVolume: 1200, cookieBased: false, key: "crm" }];
    const csv = toCsv(rows, [
      "key",
      "monthlyVolume",
      "cookieBased",
      { header: "label", value: (r) => r.key.toUpperCase() },
    ]);
    expect(parse(csv)).toEqual([
      ["key", "monthly_volume", "cookie_based", "label"],
      ["crm", "1200", "false", "CRM"],
    ]);
  });

  it("writes figures as figures: shares to four decimals, negatives not defused", () => {
    const rows = [
      { name: "a", n: 0.483123456 },
      { name: "b", n: -2.5 },
      { name: "c", n: 1204 },
    ];
    expect(parse(toCsv(rows, columns)).slice(1)).toEqual([
      ["a", "0.4831"],
      ["b", "-2.5"],
      ["c", "1204"],
    ]);
  });

  it("never rounds a figure to a whole number it is not: 39,999 of 40,000 is not 1, 1 of 40,000 not 0", () => {
    const rows = [
      { name: "almost all", n: 39_999 / 40_000 },
      { name: "almost none", n: 1 / 40_000 },
      { name: "a hair below", n: -1 / 3_000_000 },
      { name: "one in ten million", n: 1 / 10_000_000 },
    ];
    expect(parse(toCsv(rows, columns)).slice(1)).toEqual([
      ["almost all", "0.99997"],
      ["almost none", "0.00003"],
      ["a hair below", "-3e-7"],
      ["one in ten million", "1e-7"],
    ]);
  });
});

describe("CSV downloads", () => {
  async function* pages(...texts: string[]) {
    yield* texts;
  }

  it("start with UTF-8's byte-order mark, so that a spreadsheet reads their letters as UTF-8", async () => {
    const text = await csvResponse("name\r\nMüller\r\n", "a.csv").arrayBuffer();
    expect([...new Uint8Array(text).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const streamed = await (
      await csvStreamResponse(pages("name\r\n", "Müller\r\n"), "a.csv")
    ).text();
    // Response.text() drops one byte-order mark, as a UTF-8 decoder does; once, first.
    expect(streamed).toBe("name\r\nMüller\r\n");
    const bytes = new Uint8Array(
      await (await csvStreamResponse(pages("name\r\n", "Müller\r\n"), "a.csv")).arrayBuffer(),
    );
    expect(Buffer.from(bytes).toString("utf8")).toBe("\uFEFFname\r\nMüller\r\n");
  });

  it("write filename* as RFC 8187 allows: an apostrophe, brackets and a star encoded", () => {
    const disposition = csvResponse("", "O'Neil (2)*.csv").headers.get("content-disposition")!;
    expect(disposition).toContain("filename*=UTF-8''O%27Neil%20%282%29%2A.csv");
    // Only RFC 8187's attr-chars and %-escapes after the charset and its empty language.
    expect(disposition.split("filename*=UTF-8''")[1]).toMatch(
      /^([A-Za-z0-9!#$&+.^_`|~-]|%[0-9A-F]{2})+$/,
    );
  });

  it("are named in ASCII for every client and as they are for those that read filename*", () => {
    const disposition = csvResponse("", 'Kundenliste "März"; 2026.csv').headers.get(
      "content-disposition",
    );
    expect(disposition).toBe(
      `attachment; filename="Kundenliste__M_rz___2026.csv"; filename*=UTF-8''Kundenliste%20%22M%C3%A4rz%22%3B%202026.csv`,
    );
  });

  it("stops reading pages when the client goes away", async () => {
    let read = 0;
    async function* endless() {
      for (;;) {
        read++;
        yield "row\r\n";
      }
    }
    const response = await csvStreamResponse(endless(), "a.csv");
    const reader = response.body!.getReader();
    await reader.read();
    await reader.cancel();
    const after = read;
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(read).toBe(after);
  });
});
