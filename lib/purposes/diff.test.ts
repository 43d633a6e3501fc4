import { describe, expect, it } from "vitest";
import { customerTextsIn, diffPurposeSnapshots, missingGerman } from "./diff";

const texts = {
  customerTitle: "Our newsletter",
  customerDescription: "News once a week.",
  customerValue: "Offers first.",
  customerTitleDe: "Unser Newsletter",
  customerDescriptionDe: "",
  customerValueDe: "Angebote zuerst.",
};

describe("a purpose's customer texts by language", () => {
  it("reads German where there is German, else English, field by field", () => {
    const de = customerTextsIn(texts, "de");
    expect([de.customerTitle, de.customerDescription, de.customerValue]).toEqual([
      "Unser Newsletter",
      "News once a week.",
      "Angebote zuerst.",
    ]);
    expect(customerTextsIn(texts, "en")).toBe(texts);
  });

  it("lists the English texts without a German one (an empty English text needs none)", () => {
    expect(missingGerman(texts)).toEqual(["customerDescription"]);
    expect(missingGerman({ ...texts, customerDescription: "" })).toEqual([]);
  });

  it("sees a German reader's change only where the German reader's text changed", () => {
    const englishEdit = { ...texts, customerTitle: "The newsletter" };
    const read = (p: typeof texts, locale: "en" | "de") =>
      diffPurposeSnapshots(customerTextsIn(texts, locale), customerTextsIn(p, locale))
        .map((c) => c.field)
        .filter((f) => !f.endsWith("De"));
    expect(read(englishEdit, "en")).toEqual(["customerTitle"]);
    expect(read(englishEdit, "de")).toEqual([]);
    const fallbackEdit = { ...texts, customerDescription: "News twice a week." };
    expect(read(fallbackEdit, "de")).toEqual(["customerDescription"]);
  });
});
