import { describe, expect, it } from "vitest";
import { periodEnds } from "@/lib/consent/rates";
import {
  addDays,
  dateRangeIssues,
  EARLIEST_DAY,
  latestDay,
  MAX_POINTS,
  pointCount,
  type RangeIssue,
} from "./date-range";
import { createTranslator } from "use-intl/core";
import de from "@/messages/de.json";
import type en from "@/messages/en.json";
import { issuesInEnglish } from "@/lib/filters/english";
import { filterSayArgs } from "@/lib/filters/said";

const today = "2026-12-01";

describe("latestDay", () => {
  it("is a year after today", () => {
    expect(latestDay("2026-12-01")).toBe("2027-12-01");
    expect(latestDay("2028-02-29")).toBe("2029-02-28");
  });
});

describe("pointCount", () => {
  it("counts what periodEnds lists, without listing it", () => {
    // A deterministic walk over ranges of every length up to four years, every weekday and
    // month boundary included.
    let seed = 7;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32) as number;
    for (let i = 0; i < 300; i++) {
      const from = addDays("2000-01-01", Math.floor(random() * 10_000));
      const to = addDays(from, Math.floor(random() * 1_500));
      for (const interval of ["day", "week", "month"] as const) {
        expect(pointCount(from, to, interval), `${from}..${to} by ${interval}`).toBe(
          periodEnds(from, to, interval).length,
        );
      }
    }
  });
  it("is 0 for a reversed range", () => {
    expect(pointCount("2026-02-01", "2026-01-01", "day")).toBe(0);
  });
  it("answers for the widest hostile range at once", () => {
    const started = performance.now();
    expect(pointCount("0000-01-01", "9999-12-31", "day")).toBe(3_652_425);
    expect(performance.now() - started).toBeLessThan(5);
  });
});

describe("dateRangeIssues", () => {
  it("accepts a range within the bounds", () => {
    expect(dateRangeIssues({ from: EARLIEST_DAY, to: latestDay(today) }, today)).toEqual([]);
    expect(dateRangeIssues({}, today)).toEqual([]);
    expect(dateRangeIssues({ from: "2024-01-01", to: today, interval: "day" }, today)).toEqual([]);
  });
  it("names each parameter outside the bounds", () => {
    expect(
      issuesInEnglish(
        dateRangeIssues({ from: "0000-01-01", to: "9999-12-31", interval: "day" }, today),
      ),
    ).toEqual([
      { path: "from", message: "from must be on or after 2000-01-01" },
      { path: "to", message: "to must be on or before 2027-12-01 (one year after today)" },
    ]);
    expect(issuesInEnglish(dateRangeIssues({ from: "2027-12-02" }, today))).toEqual([
      { path: "from", message: "from must be on or before 2027-12-01 (one year after today)" },
    ]);
    expect(issuesInEnglish(dateRangeIssues({ to: "1999-12-31" }, today))).toEqual([
      { path: "to", message: "to must be on or after 2000-01-01" },
    ]);
  });
  it("wants from on or before to", () => {
    expect(
      issuesInEnglish(dateRangeIssues({ from: "2026-05-02", to: "2026-05-01" }, today)),
    ).toEqual([
      { path: "from", message: "from (2026-05-02) must be on or before to (2026-05-01)" },
    ]);
    expect(
      dateRangeIssues({ from: "2026-05-01", to: "2026-05-01", interval: "day" }, today),
    ).toEqual([]);
  });
  it("caps the points of a series per interval", () => {
    const from = "2022-01-01";
    const longest = addDays(from, MAX_POINTS.day - 1);
    expect(dateRangeIssues({ from, to: longest, interval: "day" }, today)).toEqual([]);
    expect(
      issuesInEnglish(dateRangeIssues({ from, to: addDays(longest, 1), interval: "day" }, today)),
    ).toEqual([
      {
        path: "interval",
        message: `A series by day has at most 1,100 points; 2022-01-01 to ${addDays(longest, 1)} has 1,101: choose a shorter range or a longer interval`,
      },
    ]);
    expect(
      issuesInEnglish(dateRangeIssues({ from: EARLIEST_DAY, to: today, interval: "week" }, today)),
    ).toEqual([
      {
        path: "interval",
        message:
          "A series by week has at most 530 points; 2000-01-01 to 2026-12-01 has 1,406: choose a shorter range or a longer interval",
      },
    ]);
    // By month, every range within the bounds fits.
    expect(
      dateRangeIssues({ from: EARLIEST_DAY, to: latestDay(today), interval: "month" }, today),
    ).toEqual([]);
    expect(MAX_POINTS).toEqual({ day: 1_100, week: 530, month: 360 });
  });
});

describe("range issues in the reader's language", () => {
  const say = (messages: typeof de, issue: RangeIssue) =>
    createTranslator({
      locale: messages === de ? "de" : "en",
      // The German catalog has the English one's placeholders (tested), and its literal types.
      messages: messages as unknown as typeof en,
      namespace: "filterMessages",
    })(...filterSayArgs(issue.said));
  const issues = [
    ...dateRangeIssues({ from: "0000-01-01", to: "9999-12-31" }, today),
    ...dateRangeIssues({ from: "2026-05-02", to: "2026-05-01" }, today),
    ...dateRangeIssues({ from: "2022-01-01", to: "2026-01-01", interval: "day" }, today),
    ...dateRangeIssues({ from: EARLIEST_DAY, to: today, interval: "week" }, today),
  ];

  it("names each issue by its catalog key", () => {
    expect(issues.map((i) => i.said.key)).toEqual([
      "rangeBeforeEarliest",
      "rangeAfterLatest",
      "rangeFromAfterTo",
      "rangeTooManyPoints",
      "rangeTooManyPoints",
    ]);
  });

  it("says each in German", () => {
    expect(issues.map((i) => say(de, i))).toEqual([
      "Der erste Tag muss der 2000-01-01 oder später sein",
      "Der letzte Tag muss der 2027-12-01 oder früher sein (ein Jahr nach heute)",
      "Der erste Tag (2026-05-02) muss vor dem letzten (2026-05-01) liegen oder derselbe sein",
      "Eine Reihe nach Tagen hat höchstens 1.100 Punkte; 2022-01-01 bis 2026-01-01 ergibt 1.462: Wählen Sie einen kürzeren Zeitraum oder ein längeres Intervall",
      "Eine Reihe nach Wochen hat höchstens 530 Punkte; 2000-01-01 bis 2026-12-01 ergibt 1.406: Wählen Sie einen kürzeren Zeitraum oder ein längeres Intervall",
    ]);
  });
});
