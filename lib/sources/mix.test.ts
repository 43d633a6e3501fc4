import { describe, expect, it } from "vitest";
import { expectTenthsMix } from "@/tests/source-mix";
import {
  addMonths,
  isActiveIn,
  mixIn,
  mixOn,
  monthlySeries,
  phaseOutPath,
  phaseOutVerdict,
  sourceStatus,
  type MixSource,
} from "./mix";

const src = (
  party: MixSource["party"],
  monthlyVolume: number,
  activeFrom: string,
  retiredAt: string | null = null,
  cookieBased = false,
): MixSource => ({
  party,
  monthlyVolume,
  activeFrom,
  retiredAt,
  cookieBased,
});

describe("months", () => {
  it("adds months across year ends", () => {
    expect(addMonths("2026-11", 2)).toBe("2027-01");
    expect(addMonths("2026-01", -1)).toBe("2025-12");
    expect(addMonths("2026-03", -24)).toBe("2024-03");
  });

  it("counts a source from the month it starts until the month it retires", () => {
    const s = src("third", 1, "2025-03-20", "2026-02-01");
    expect(isActiveIn(s, "2025-02")).toBe(false);
    expect(isActiveIn(s, "2025-03")).toBe(true);
    expect(isActiveIn(s, "2026-01")).toBe(true);
    expect(isActiveIn(s, "2026-02")).toBe(false);
  });
});

describe("sourceStatus", () => {
  const today = "2026-11-15";
  it("is planned before its start, active from it, retired from its retirement", () => {
    expect(sourceStatus(src("first", 1, "2027-03-01"), today)).toBe("planned");
    expect(sourceStatus(src("first", 1, "2027-03-01", "2027-06-01"), today)).toBe("planned");
    expect(sourceStatus(src("first", 1, "2026-01-01", "2026-12-01"), today)).toBe("active");
    expect(sourceStatus(src("first", 1, "2026-01-01", today), today)).toBe("retired");
  });

  it("is retired at once when retired on or before the day it was to start: it never counts", () => {
    const never = src("first", 1, "2027-03-01", "2027-03-01");
    expect(sourceStatus(never, today)).toBe("retired");
    expect(["2027-02", "2027-03", "2027-04"].some((m) => isActiveIn(never, m))).toBe(false);
  });
});

describe("mixIn", () => {
  const sources = [
    src("zero", 100, "2024-01-01"),
    src("first", 300, "2024-01-01"),
    src("second", 100, "2024-01-01"),
    src("third", 500, "2024-01-01", null, true),
    src("third", 1000, "2030-01-01"), // planned: not yet in the mix
  ];

  it("gives counts, volumes and shares by party", () => {
    const mix = mixIn(sources, "2026-11");
    expectTenthsMix(mix, 100);
    expect(mix.thirdPartyShare).toBeCloseTo(0.5);
  });

  it("answers null shares, not NaN, when nothing is active", () => {
    const mix = mixIn(sources, "2020-01");
    expect(mix.firstPartyShare).toBeNull();
    expect(mix.byParty.every((p) => p.share === null && p.volume === 0)).toBe(true);
  });
});

describe("mixOn: this month's mix, by the day", () => {
  // Today 2026-11-15: the inventory lists the broker as active until it retires on the 30th, and
  // the app that starts on the 25th as planned. The mix, its verdict and the cards say the same.
  const sources = [
    src("first", 600, "2024-01-01"),
    src("third", 400, "2024-01-01", "2026-11-30"),
    src("first", 1000, "2026-11-25"),
  ];

  it("counts the sources active today, as the inventory's status", () => {
    const mix = mixOn(sources, "2026-11-15");
    expect(mix).toMatchObject({ month: "2026-11", sources: 2, volume: 1000 });
    expect(mix.thirdPartyShare).toBeCloseTo(0.4);
    // On the 30th the broker is retired and the app has started.
    expect(mixOn(sources, "2026-11-30")).toMatchObject({
      sources: 2,
      volume: 1600,
      thirdPartyShare: 0,
    });
  });

  it("ends the series with it; the months before keep the monthly rule", () => {
    const series = monthlySeries(sources, "2026-11", 3, "2026-11-15");
    expect(series.map((p) => p.month)).toEqual(["2026-09", "2026-10", "2026-11"]);
    expect(series.at(-1)).toMatchObject({ first: 0.6, third: 0.4 });
    expect(series[1]).toMatchObject({ first: 0.6, third: 0.4 });
  });
});

describe("monthlySeries", () => {
  it("moves when a third-party source retires and a first-party one starts", () => {
    const series = monthlySeries(
      [
        src("first", 100, "2025-01-01"),
        src("third", 100, "2025-01-01", "2026-06-15"),
        src("first", 100, "2026-10-01"),
      ],
      "2026-11",
      24,
    );
    expect(series).toHaveLength(24);
    expect(series[0]!.month).toBe("2024-12");
    expect(series[0]).toMatchObject({ first: null, third: null });
    expect(series.find((p) => p.month === "2026-05")).toMatchObject({ first: 0.5, third: 0.5 });
    expect(series.find((p) => p.month === "2026-06")).toMatchObject({ first: 1, third: 0 });
    expect(series.at(-1)).toMatchObject({ month: "2026-11", first: 1 });
  });
});

describe("phase-out", () => {
  const target = { targetDate: "2027-12-31", targetThirdPartyShare: 0.1 };

  it("draws a straight path from the start share to the target, flat afterwards", () => {
    const path = phaseOutPath(target, "2025-12", 0.5, [
      "2025-11",
      "2025-12",
      "2026-12",
      "2027-12",
      "2028-06",
    ]);
    expect(path.map((p) => p.month)).toEqual(["2025-12", "2026-12", "2027-12", "2028-06"]);
    expect(path.map((p) => Number(p.targetThirdPartyShare.toFixed(3)))).toEqual([
      0.5, 0.3, 0.1, 0.1,
    ]);
  });

  it("is on track at or under the path and off track above it", () => {
    expect(phaseOutVerdict(target, "2025-12", 0.5, "2026-12", 0.3).verdict).toBe("on_track");
    expect(phaseOutVerdict(target, "2025-12", 0.5, "2026-12", 0.31)).toMatchObject({
      verdict: "off_track",
    });
    expect(phaseOutVerdict(undefined, "2025-12", 0.5, "2026-12", 0.3).verdict).toBe("no_target");
    // A target, but no records this month to take a share of: not "no target".
    expect(phaseOutVerdict(target, "2025-12", 0.5, "2026-12", null)).toEqual({
      verdict: "no_data",
      expectedShare: null,
    });
  });

  it("expects the target share itself from the target's month on, when the path starts there or later", () => {
    // A fresh inventory whose first month is the target's month, or a target date already past.
    const thisMonth = { targetThirdPartyShare: 0.1, targetDate: "2026-11-30" };
    expect(phaseOutVerdict(thisMonth, "2026-11", 0.4, "2026-11", 0.4)).toEqual({
      verdict: "off_track",
      expectedShare: 0.1,
    });
    const past = { targetThirdPartyShare: 0.1, targetDate: "2026-06-30" };
    expect(phaseOutVerdict(past, "2026-09", 0.4, "2026-11", 0.1)).toEqual({
      verdict: "on_track",
      expectedShare: 0.1,
    });
    expect(
      phaseOutPath(past, "2026-09", 0.4, ["2026-09", "2026-10"]).map(
        (p) => p.targetThirdPartyShare,
      ),
    ).toEqual([0.1, 0.1]);
  });
});
