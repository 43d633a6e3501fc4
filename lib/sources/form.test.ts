import { describe, expect, it } from "vitest";
import { foldFieldErrors } from "@/components/ui/fold-errors";
import { sourceDifferences, sourceInputFromForm } from "./form";
import { createSourceSchema } from "./schema";

const saved = {
  name: "Web shop",
  party: "first",
  category: "website",
  channel: "online",
  monthlyVolume: 1200,
  activeFrom: "2024-01-01",
  retiredAt: null,
  dataCategories: ["contact", "purchase_history"],
  cookieBased: false,
  linkedPurposes: ["newsletter"],
  ownerTeam: "",
  notes: "",
};

function submitted(entries: [string, string][]) {
  const form = new FormData();
  for (const [name, value] of entries) form.append(name, value);
  return sourceInputFromForm(form);
}

const asSaved: [string, string][] = [
  ["name", "Web shop "],
  ["party", "first"],
  ["category", "website"],
  ["channel", "online"],
  ["monthlyVolume", "1,200"],
  ["activeFrom", "2024-01-01"],
  ["retiredAt", ""],
  ["dataCategories", "purchase_history"],
  ["dataCategories", "contact"],
  ["linkedPurposes", " newsletter"],
  ["ownerTeam", ""],
  ["notes", ""],
];

describe("sourceDifferences", () => {
  it("finds none for the saved source as the form submits it", () => {
    expect(sourceDifferences(saved, submitted(asSaved))).toEqual([]);
  });

  it("names each field the editor's form holds otherwise, in the form's order", () => {
    const edited = asSaved
      .filter(([name]) => name !== "dataCategories")
      .map(([name, value]): [string, string] =>
        name === "notes"
          ? [name, "mine"]
          : name === "retiredAt"
            ? [name, "2026-12-31"]
            : [name, value],
      );
    edited.push(["cookieBased", "on"]);
    expect(sourceDifferences(saved, submitted(edited))).toEqual([
      "retiredAt",
      "dataCategories",
      "cookieBased",
      "notes",
    ]);
  });
});

describe("sourceInputFromForm", () => {
  const volume = (typed: string) => submitted([["monthlyVolume", typed]]).monthlyVolume;

  it("reads a volume grouped by thousands in any way, as the CSV import does", () => {
    expect(["1,200", "1.200", "1 200", "1'200", "1.250.000", "1200"].map(volume)).toEqual([
      1200, 1200, 1200, 1200, 1_250_000, 1200,
    ]);
  });

  it("never turns a fraction into a larger whole number: the schema refuses it as not whole", () => {
    expect(volume("83333.33")).toBe(83333.33);
    expect(volume("1.5")).toBe(1.5);
    expect(volume("")).toBeUndefined();
    // Marks mixed or out of place are not a number at all.
    expect(volume("1.250,000")).toBe("1.250,000");
  });
});

describe("a source refused", () => {
  const valid = { ...saved, key: "web-shop" };
  const issues = (input: Record<string, unknown>) =>
    (createSourceSchema.safeParse(input).error?.issues ?? []).map((i) => ({
      path: i.path.join("."),
      message: i.message,
    }));

  it("says what is wrong in the source's own words, not a purpose's", () => {
    expect(issues({ ...valid, name: " " })).toEqual([
      { path: "name", message: "validation.sourceNameRequired" },
    ]);
    expect(issues({ ...valid, key: "Web Shop" })).toEqual([
      { path: "key", message: "validation.sourceKeyFormat" },
    ]);
    expect(issues({ ...valid, monthlyVolume: 2e12 })).toEqual([
      { path: "monthlyVolume", message: "validation.volumeTooLarge" },
    ]);
    expect(
      issues({ ...valid, linkedPurposes: Array.from({ length: 101 }, (_, i) => `p${i}`) }),
    ).toEqual([{ path: "linkedPurposes", message: "validation.tooMany" }]);
  });

  it("shows a refused linked purpose under the linked purposes' field", () => {
    const found = issues({ ...valid, linkedPurposes: ["newsletter", "x".repeat(70)] });
    expect(found).toEqual([{ path: "linkedPurposes.1", message: "validation.tooLong" }]);
    const byField = foldFieldErrors(Object.fromEntries(found.map((i) => [i.path, [i.message]])), [
      "updatedAt",
    ]);
    expect(byField).toEqual({ linkedPurposes: ["validation.tooLong"] });
  });
});
