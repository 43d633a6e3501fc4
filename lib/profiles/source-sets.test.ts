import { describe, expect, it } from "vitest";
import { entryKey, parseSignature, sourceSignature } from "./source-sets";

const crm = "7d7c2b4e-8a43-4b8e-9f43-0c7a1b9b2d11";
const email = { group: "contact", name: "email", sourceId: null };
const firstName = { group: "identity", name: "first_name", sourceId: crm };
const interests = { group: "preferences", name: "interests", sourceId: crm };
const ids = new Map([
  [entryKey(email), 12],
  [entryKey(firstName), 3],
  [entryKey(interests), 100],
]);

describe("source sets", () => {
  it("lists the numbers of a profile's (attribute, source) pairs in ascending numeric order", () => {
    // 100 after 12 after 3, as SQL's `order by id` on integers, not as text would sort them.
    expect(sourceSignature([interests, email, firstName], ids)).toBe("3,12,100");
    expect(parseSignature("3,12,100")).toEqual([3, 12, 100]);
  });

  it("gives an empty set for a profile without attributes, and refuses a pair without a number", () => {
    expect(sourceSignature([], ids)).toBe("");
    expect(parseSignature("")).toEqual([]);
    expect(() =>
      sourceSignature([{ group: "contact", name: "email", sourceId: crm }], ids),
    ).toThrow(`No number for contact.email=${crm}`);
  });
});
