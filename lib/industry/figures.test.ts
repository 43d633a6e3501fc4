import { describe, expect, it } from "vitest";
import raw from "@/data/industry-figures.json";
import { industryFigures, industryFiguresSchema, industryPlaces } from "./figures";

describe("data/industry-figures.json", () => {
  it("names a source for every figure and has one beside each place that shows them", () => {
    const file = industryFiguresSchema.parse(raw);
    for (const f of file.figures) expect(f.source.length).toBeGreaterThan(3);
    for (const place of industryPlaces) expect(industryFigures(place).length).toBeGreaterThan(0);
    expect(industryFigures("share360").map((f) => f.value)).toEqual([0.14, 0.44]);
  });

  it("refuses a share above 1 and an id given twice", () => {
    const bad = {
      ...raw,
      figures: [raw.figures[0], { ...raw.figures[0], value: 75 }],
    };
    const result = industryFiguresSchema.safeParse(bad);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.message).sort()).toEqual([
      "a share is 0..1",
      "id used twice",
    ]);
  });
});
