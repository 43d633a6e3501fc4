import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { toCsv } from "./csv";

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
});
