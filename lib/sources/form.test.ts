import { describe, expect, it } from "vitest";
import { sourceDifferences, sourceInputFromForm } from "./form";

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
