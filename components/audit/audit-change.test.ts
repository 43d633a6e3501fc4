import { describe, expect, it } from "vitest";
import { changedFields } from "./audit-change";

const yesNo = (value: boolean) => (value ? "ja" : "nein");
/** A moment in the reader's words: here, a German reader's, in UTC. */
const moment = (at: string) =>
  new Intl.DateTimeFormat("de-DE", {
    dateStyle: "medium",
    timeStyle: "medium",
    timeZone: "UTC",
  }).format(new Date(at));

describe("an audit entry's changed fields", () => {
  it("show true and false in the reader's words and nothing for none (a dash on the page)", () => {
    expect(
      changedFields(
        { retiredAt: null, cookieBased: false, name: "Shop" },
        { retiredAt: "2026-12-01", cookieBased: true, name: "Shop" },
        { yesNo },
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

  it("show a stored moment in the reader's words, and other text as it is", () => {
    expect(
      changedFields(
        { updatedAt: "2026-12-05T09:03:07.123Z", note: "2026-12-05T09:03 or so" },
        { updatedAt: "2026-12-06T15:10:00+01:00", note: "2026-12-06" },
        { yesNo, moment },
      ),
    ).toEqual([
      { field: "updatedAt", before: "05.12.2026, 09:03:07", after: "06.12.2026, 14:10:00" },
      { field: "note", before: "2026-12-05T09:03 or so", after: "2026-12-06" },
    ]);
  });
});
