import { describe, expect, it } from "vitest";
import { consentFilterSchema, makeConsentFilterSchema, resolveRange } from "./consent";

const today = "2026-12-01";
const schema = makeConsentFilterSchema(() => today);

function issues(query: Record<string, string>) {
  const result = schema.safeParse(query);
  return result.success
    ? []
    : result.error.issues.map((i) => ({ path: i.path, message: i.message }));
}

describe("consentFilterSchema ranges", () => {
  it("refuses the hostile query at once, naming from and to", () => {
    const started = performance.now();
    expect(issues({ from: "0000-01-01", to: "9999-12-31", interval: "day" })).toEqual([
      { path: ["from"], message: "from must be on or after 2000-01-01" },
      { path: ["to"], message: "to must be on or before 2027-12-01 (one year after today)" },
    ]);
    expect(performance.now() - started).toBeLessThan(50);
  });

  it("refuses a from after to, also when to is today by default", () => {
    expect(issues({ from: "2026-06-02", to: "2026-06-01" })).toEqual([
      { path: ["from"], message: "from (2026-06-02) must be on or before to (2026-06-01)" },
    ]);
    expect(issues({ from: "2027-01-01" })).toEqual([
      { path: ["from"], message: "from (2027-01-01) must be on or before to (2026-12-01)" },
    ]);
  });

  it("refuses more daily points than the cap, defaults included", () => {
    expect(issues({ from: "2020-01-01", interval: "day" })).toEqual([
      {
        path: ["interval"],
        message:
          "A series by day has at most 1,100 points; 2020-01-01 to 2026-12-01 has 2,527: choose a shorter range or a longer interval",
      },
    ]);
    expect(issues({ from: "2020-01-01", interval: "month" })).toEqual([]);
    expect(issues({ from: "2000-01-01", to: "2027-12-01", interval: "month" })).toEqual([]);
  });

  it("accepts the defaults and a range that ends next year", () => {
    expect(issues({})).toEqual([]);
    expect(issues({ to: "2000-01-05" })).toEqual([]);
    expect(resolveRange({ to: "2000-01-05" }, today)).toEqual({
      from: "2000-01-01",
      to: "2000-01-05",
      interval: "week",
    });
    expect(issues({ from: "2026-01-01", to: "2027-12-01", interval: "day" })).toEqual([]);
  });

  it("uses the app's clock when no clock is given", () => {
    // The shared schema reads lib/clock at parse time: a year from now is always allowed.
    const nextYear = new Date();
    nextYear.setUTCFullYear(nextYear.getUTCFullYear() + 1);
    nextYear.setUTCDate(nextYear.getUTCDate() - 1);
    const to = nextYear.toISOString().slice(0, 10);
    expect(consentFilterSchema.safeParse({ from: to, to, interval: "day" }).success).toBe(true);
    expect(consentFilterSchema.safeParse({ to: "9999-12-31" }).success).toBe(false);
  });
});
