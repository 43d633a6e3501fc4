import { describe, expect, it } from "vitest";
import { resolveColumns } from "./rows";

describe("resolveColumns", () => {
  it("maps the header's own field names, and says which column is unknown or twice there", () => {
    const header = [
      "subjectId",
      "purpose",
      "action",
      "occurredAt",
      "channel",
      "region",
      "Colour",
      "region",
    ];
    const { columns, problems } = resolveColumns("consent", header);
    expect(columns.map((c) => c.field)).toContain("occurredAt");
    expect(problems).toEqual([
      'Unknown column "Colour"',
      'The column "region" appears twice in the header',
    ]);
  });

  it("refuses a mapping to a column whose name the header has twice, rather than take the first", () => {
    const header = ["Kunde", "Zweck", "Aktion", "Datum", "Land", "Kanal", "Datum"];
    const mapping = {
      subjectId: "Kunde",
      purpose: "Zweck",
      action: "Aktion",
      occurredAt: "Datum",
      region: "Land",
      channel: "Kanal",
    };
    expect(resolveColumns("consent", header, mapping).problems).toEqual([
      'The header has two columns named "Datum" (mapped to occurredAt): rename one in the file',
    ]);
    expect(resolveColumns("consent", header.slice(0, 6), mapping).problems).toEqual([]);
  });

  it("names a mapped column the file does not have, and a required field left unmapped", () => {
    const { problems } = resolveColumns("consent", ["Kunde", "Zweck", "Aktion"], {
      subjectId: "Kunde",
      purpose: "Zweck",
      action: "Aktion",
      occurredAt: "Datum",
    });
    expect(problems).toContain('The file has no column "Datum" (mapped to occurredAt)');
    expect(problems).toContain('A column for "region" is required');
  });
});
