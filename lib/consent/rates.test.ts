import { describe, expect, it } from "vitest";
import { cumulativeAt, periodEnds, rate } from "./rates";

describe("rate", () => {
  it("is granted over decided, null when nobody decided", () => {
    expect(rate(3, 4)).toBe(0.75);
    expect(rate(0, 0)).toBeNull();
    expect(rate(0, 5)).toBe(0);
  });
});

describe("periodEnds", () => {
  it("lists every day", () => {
    expect(periodEnds("2026-02-27", "2026-03-02", "day")).toEqual([
      "2026-02-27",
      "2026-02-28",
      "2026-03-01",
      "2026-03-02",
    ]);
  });
  it("ends weeks on Sunday and clips the last one to the range", () => {
    // 2026-11-04 is a Wednesday
    expect(periodEnds("2026-11-04", "2026-11-18", "week")).toEqual([
      "2026-11-08",
      "2026-11-15",
      "2026-11-18",
    ]);
  });
  it("ends months on their last day, leap years included", () => {
    expect(periodEnds("2028-01-15", "2028-03-10", "month")).toEqual([
      "2028-01-31",
      "2028-02-29",
      "2028-03-10",
    ]);
  });
});

describe("cumulativeAt", () => {
  it("sums deltas up to and including each end", () => {
    const deltas = [
      { day: "2026-01-02", decided: 1, granted: 1 },
      { day: "2026-01-01", decided: 2, granted: 1 },
      { day: "2026-01-05", decided: 0, granted: -1 }, // a grant withdrawn
    ];
    expect(cumulativeAt(deltas, ["2025-12-31", "2026-01-01", "2026-01-04", "2026-01-05"])).toEqual([
      { date: "2025-12-31", rate: null, granted: 0, decided: 0 },
      { date: "2026-01-01", rate: 0.5, granted: 1, decided: 2 },
      { date: "2026-01-04", rate: 2 / 3, granted: 2, decided: 3 },
      { date: "2026-01-05", rate: 1 / 3, granted: 1, decided: 3 },
    ]);
  });
});
