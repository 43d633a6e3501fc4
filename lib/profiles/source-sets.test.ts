import { describe, expect, it } from "vitest";
import { parseSignature, sourceSignature } from "./source-sets";

const crm = "7d7c2b4e-8a43-4b8e-9f43-0c7a1b9b2d11";

describe("source sets", () => {
  it("lists each attribute with its source, sorted as whole entries in code-unit order", () => {
    const signature = sourceSignature([
      { group: "preferences", name: "interests", sourceId: crm },
      { group: "contact", name: "email", sourceId: null },
      // "x-y" sorts before "x=" ('-' < '='), and "x_y" after it ('_' > '='): as in SQL's "C".
      { group: "identity", name: "x_y", sourceId: crm },
      { group: "identity", name: "x", sourceId: crm },
      { group: "identity", name: "x-y", sourceId: crm },
    ]);
    expect(signature).toBe(
      `contact.email=,identity.x-y=${crm},identity.x=${crm},identity.x_y=${crm},preferences.interests=${crm}`,
    );
  });

  it("reads back what it wrote, and nothing for a profile without attributes", () => {
    const attributes = [
      { group: "contact", name: "email", sourceId: null },
      { group: "identity", name: "first_name", sourceId: crm },
    ];
    expect(parseSignature(sourceSignature(attributes))).toEqual(attributes);
    expect(sourceSignature([])).toBe("");
    expect(parseSignature("")).toEqual([]);
  });
});
