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
        {
          updatedAt: "2026-12-05T09:03:07.123Z",
          note: "2026-12-05T09:03 or so",
          noticeVersion: "2026-12-05T09:03:07.123Z",
          retiredAt: "2026-02-30T10:00:00.000Z",
        },
        {
          updatedAt: "2026-12-06T14:10:00.000Z",
          note: "2026-12-06",
          noticeVersion: "2026-12-06T14:10:00.000Z",
          retiredAt: null,
        },
        { yesNo, moment },
      ),
    ).toEqual([
      { field: "updatedAt", before: "05.12.2026, 09:03:07", after: "06.12.2026, 14:10:00" },
      { field: "note", before: "2026-12-05T09:03 or so", after: "2026-12-06" },
      // Text that only looks like a moment, and a date that does not exist, stay as stored.
      {
        field: "noticeVersion",
        before: "2026-12-05T09:03:07.123Z",
        after: "2026-12-06T14:10:00.000Z",
      },
      { field: "retiredAt", before: "2026-02-30T10:00:00.000Z", after: "" },
    ]);
  });
});
