import { describe, expect, it } from "vitest";
import { derivedEventId, resolveColumns, rowItem } from "./rows";
import { inEnglish } from "./said";

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
    expect(problems.map(inEnglish)).toEqual([
      'Unknown column "Colour"',
      'The column "region" appears twice in the header',
    ]);
  });

  it('names an unnamed column by its place, once for each, not as a column named ""', () => {
    const header = ["subjectId", "region", "", ""];
    expect(resolveColumns("profiles", header).problems.map(inEnglish)).toEqual([
      "Column 3 has no name in the header row: name it, or remove the column (a comma at the end of the header leaves an empty one)",
      "Column 4 has no name in the header row: name it, or remove the column (a comma at the end of the header leaves an empty one)",
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
    expect(resolveColumns("consent", header, mapping).problems.map(inEnglish)).toEqual([
      'The header has two columns named "Datum" (mapped to occurredAt): rename one in the file',
    ]);
    expect(resolveColumns("consent", header.slice(0, 6), mapping).problems).toEqual([]);
  });

  it("names a mapped column the file does not have, and a required field left unmapped", () => {
    const { problems: said } = resolveColumns("consent", ["Kunde", "Zweck", "Aktion"], {
      subjectId: "Kunde",
      purpose: "Zweck",
      action: "Aktion",
      occurredAt: "Datum",
    });
    const problems = said.map(inEnglish);
    expect(problems).toContain('The file has no column "Datum" (mapped to occurredAt)');
    expect(problems).toContain('A column for "region" is required');
  });
});

describe("derivedEventId", () => {
  const row = {
    subjectId: "c-1",
    occurredAt: "2026-10-01T08:00:00Z",
    consentMode: { ad_storage: "granted", analytics_storage: "denied" },
  };

  it("is the same for the same Consent Mode decisions in another column order", () => {
    const reordered = {
      ...row,
      consentMode: { analytics_storage: "denied", ad_storage: "granted" },
    };
    expect(derivedEventId(reordered)).toBe(derivedEventId(row));
    // Another decision is another event.
    const other = { ...row, consentMode: { ad_storage: "denied", analytics_storage: "denied" } };
    expect(derivedEventId(other)).not.toBe(derivedEventId(row));
  });

  it("is the same for one instant written two ways, and differs for another customer", () => {
    const base = { subjectId: "c-1", purpose: "news", action: "grant" };
    const a = derivedEventId({ ...base, occurredAt: "2026-10-01T10:00:00Z" });
    expect(derivedEventId({ ...base, occurredAt: "2026-10-01T10:00:00.000+00:00" })).toBe(a);
    expect(
      derivedEventId({ ...base, subjectId: "c-2", occurredAt: "2026-10-01T10:00:00Z" }),
    ).not.toBe(a);
  });

  it("stays what it was: a file uploaded again after an upgrade stores nothing new", () => {
    const decision = { subjectId: "c-1", purpose: "newsletter", action: "grant" };
    expect(derivedEventId({ ...decision, occurredAt: "2026-10-01T10:00:00Z" })).toBe(
      "row:DdiPYyjZsATS8ytYZCME8n7gSYUDd_OI",
    );
  });
});

describe("rowItem", () => {
  const volume = (cell: string) =>
    rowItem("sources", [{ field: "monthlyVolume", index: 0 }], [cell]).monthlyVolume;

  it("reads a volume grouped by thousands in any sheet's way, never as a fraction of it", () => {
    expect(["250.000", "250,000", "250 000", "250'000", "1.250.000", "250000"].map(volume)).toEqual(
      [250_000, 250_000, 250_000, 250_000, 1_250_000, 250_000],
    );
    // A fraction stays a fraction (refused as not whole); marks mixed or out of place stay text.
    expect(["250.5", "1.250,000", "25.00", "1,5", "0.250"].map(volume)).toEqual([
      250.5,
      "1.250,000",
      25,
      "1,5",
      0.25,
    ]);
  });
});
