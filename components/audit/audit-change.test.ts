import { describe, expect, it } from "vitest";
import { changedFields } from "./audit-change";

const yesNo = (value: boolean) => (value ? "ja" : "nein");

describe("an audit entry's changed fields", () => {
  it("show true and false in the reader's words and nothing for none (a dash on the page)", () => {
    expect(
      changedFields(
        { retiredAt: null, cookieBased: false, name: "Shop" },
        { retiredAt: "2026-12-01", cookieBased: true, name: "Shop" },
        yesNo,
      ),
    ).toEqual([
      { field: "retiredAt", before: "", after: "2026-12-01" },
      { field: "cookieBased", before: "nein", after: "ja" },
    ]);
  });

  it("keep lists and numbers as JSON, and a value that is no record as one field", () => {
    expect(changedFields(undefined, { linked: ["a", "b"], volume: 5 })).toEqual([
      { field: "linked", before: "", after: '["a","b"]' },
      { field: "volume", before: "", after: "5" },
    ]);
    expect(changedFields(["a"], ["a", "b"])).toEqual([
      { field: "value", before: '["a"]', after: '["a","b"]' },
    ]);
  });
});
