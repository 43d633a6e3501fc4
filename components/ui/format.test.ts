import { describe, expect, it } from "vitest";
import { axisCount } from "@/components/charts/axis-count";
import { createFormatter } from "next-intl";
import { calendarLabel } from "@/components/charts/calendar-label";
import {
  decimalFieldText,
  formatDay,
  formatPercent,
  formatMoment,
  formatPoints,
  humanize,
  NO_VALUE,
} from "./format";
import { decimalField } from "@/lib/decimal";

describe("axis labels for counts", () => {
  it("writes every tick of an axis in one unit, in the locale's short form", () => {
    const en = axisCount("en", 1_200_000);
    expect([0, 300_000, 900_000, 1_200_000].map(en)).toEqual(["0", "0.3M", "0.9M", "1.2M"]);
    const de = axisCount("de", 1_200_000);
    // German keeps the number and its unit together with a no-break space.
    expect([300_000, 900_000, 1_200_000].map(de)).toEqual([
      "0,3\u00a0Mio.",
      "0,9\u00a0Mio.",
      "1,2\u00a0Mio.",
    ]);
  });

  it("uses thousands where the locale abbreviates them, full numbers where it does not", () => {
    expect([20_000, 60_000].map(axisCount("en", 60_000))).toEqual(["20K", "60K"]);
    expect([20_000, 600_000].map(axisCount("de", 600_000))).toEqual(["20.000", "600.000"]);
    expect([2, 40].map(axisCount("de", 40))).toEqual(["2", "40"]);
  });
});

describe("field names", () => {
  it("reads a field name as words", () => {
    expect(humanize("loyalty_tier")).toBe("Loyalty tier");
    expect(humanize("last-purchase_at")).toBe("Last purchase at");
  });
});

describe("percentage points", () => {
  it("signs the difference of two shares, one decimal, in the locale's digits", () => {
    const en = createFormatter({ locale: "en" });
    const de = createFormatter({ locale: "de" });
    expect(formatPoints(en, 0.5, 0.585)).toBe("-8.5");
    expect(formatPoints(en, 0.612, 0.6)).toBe("+1.2");
    expect(formatPoints(en, 0.5, 0.5)).toBe("0.0");
    expect(formatPoints(de, 0.5, 0.585)).toBe("-8,5");
    expect(formatPoints(en, null, 0.5)).toBe(NO_VALUE);
  });
});

describe("numbers put in a form's field", () => {
  it("are written as the reader types them, and read back as the same number", () => {
    const en = createFormatter({ locale: "en" });
    const de = createFormatter({ locale: "de" });
    expect(decimalFieldText(de, 0.5)).toBe("0,5");
    expect(decimalFieldText(en, 0.5)).toBe("0.5");
    expect(decimalFieldText(de, 12.5)).toBe("12,5");
    // No grouping: "1.500" would be read back as 1.5.
    expect(decimalFieldText(de, 1500)).toBe("1500");
    for (const value of [0.5, 12.5, 1500, 0.125]) {
      expect(decimalField(decimalFieldText(de, value))).toBe(value);
      expect(decimalField(decimalFieldText(en, value))).toBe(value);
    }
  });
});

describe("moments and days", () => {
  const at = "2026-12-04T13:31:05Z";

  it("shows a moment in the reader's time zone, naming the zone", () => {
    const berlin = createFormatter({ locale: "de", timeZone: "Europe/Berlin" });
    expect(formatMoment(berlin, at)).toBe("4. Dez. 2026, 14:31 MEZ");
    const york = createFormatter({ locale: "en", timeZone: "America/New_York" });
    expect(formatMoment(york, new Date(at))).toBe("Dec 4, 2026, 8:31 AM EST");
    const utc = createFormatter({ locale: "en", timeZone: "UTC" });
    expect(formatMoment(utc, at, { seconds: true })).toBe("Dec 4, 2026, 1:31:05 PM UTC");
  });

  it("keeps a calendar day on its day, whatever the reader's zone", () => {
    const york = createFormatter({ locale: "en", timeZone: "America/New_York" });
    expect(formatDay(york, "2026-01-01")).toBe("Jan 1, 2026");
    const tokyo = createFormatter({ locale: "de", timeZone: "Asia/Tokyo" });
    expect(formatDay(tokyo, "2026-12-31")).toBe("31.12.2026");
  });
});

describe("shares", () => {
  const en = createFormatter({ locale: "en" });
  const de = createFormatter({ locale: "de" });

  it("never says all or none of a share that is neither", () => {
    expect(formatPercent(en, 9_996 / 10_000)).toBe("> 99.9%");
    expect(formatPercent(en, 4 / 20_000)).toBe("< 0.1%");
    expect(formatPercent(de, 9_996 / 10_000)).toBe("> 99,9\u00a0%");
    // What the digits can tell apart is said as it is, and all and none as such.
    expect([0.9994, 0.0005, 1, 0].map((s) => formatPercent(en, s))).toEqual([
      "99.9%",
      "0.1%",
      "100.0%",
      "0.0%",
    ]);
    expect(formatPercent(en, 0.996, 0)).toBe("> 99%");
    expect(formatPercent(en, null)).toBe(NO_VALUE);
  });
});

describe("calendarLabel", () => {
  it("writes ISO months and days as the reader's locale does, other text as it is", () => {
    const en = calendarLabel("en");
    const de = calendarLabel("de");
    expect(en("2026-12")).toBe("Dec 2026");
    expect(de("2026-12")).toBe("Dez. 2026");
    expect(de("2026-12-05")).toBe("05.12.2026");
    expect(en("2026-12-05")).toBe("Dec 5, 2026");
    expect(de("web")).toBe("web");
  });
});
