import { describe, expect, it } from "vitest";
import { auditFilterFromParams } from "./params";

const today = "2026-12-01";
const parse = (query: string) => auditFilterFromParams(new URLSearchParams(query), today);

describe("auditFilterFromParams", () => {
  it("keeps valid filters", () => {
    expect(parse("actor=ana&from=2026-01-01&to=2026-12-01")).toEqual({
      filter: { actor: "ana", from: "2026-01-01", to: "2026-12-01" },
      invalid: [],
      issues: [],
    });
  });

  it("drops dates outside 2000-01-01 … a year from today, saying why", () => {
    expect(parse("actor=ana&from=0000-01-01&to=9999-12-31")).toEqual({
      filter: { actor: "ana" },
      invalid: ["from", "to"],
      issues: [
        { path: "from", message: "from must be on or after 2000-01-01" },
        { path: "to", message: "to must be on or before 2027-12-01 (one year after today)" },
      ],
    });
  });

  it("drops a from after to", () => {
    expect(parse("from=2026-06-02&to=2026-06-01")).toEqual({
      filter: { to: "2026-06-01" },
      invalid: ["from"],
      issues: [{ path: "from", message: "from (2026-06-02) must be on or before to (2026-06-01)" }],
    });
  });

  it("reports a malformed date in English", () => {
    expect(parse("from=yesterday").issues).toEqual([
      { path: "from", message: expect.stringMatching(/date/i) },
    ]);
  });
});
