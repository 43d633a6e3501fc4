import { describe, expect, it } from "vitest";
import { customerTextsIn, diffPurposeSnapshots, missingGerman, missingOnGermanPage } from "./diff";

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

  it("lists a purpose titled by its name as missing its German name when it has none", () => {
    const untitled = { ...texts, customerTitle: "", customerTitleDe: "", name: "News", nameDe: "" };
    // The German page titles it "News" in English: its German name is what is missing.
    expect(missingOnGermanPage(untitled)).toEqual(["name", "customerDescription"]);
    expect(missingOnGermanPage({ ...untitled, nameDe: "Neuigkeiten" })).toEqual([
      "customerDescription",
    ]);
    // With a customer title, the name is not shown to customers.
    expect(missingOnGermanPage({ ...texts, name: "News", nameDe: "" })).toEqual([
      "customerDescription",
    ]);
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
