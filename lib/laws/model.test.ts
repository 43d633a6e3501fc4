import { describe, expect, it } from "vitest";
import {
  covers,
  customerCoverage,
  daysUntil,
  isAtRisk,
  lawFilterQuery,
  lawStatusOn,
  matchesLawFilter,
  monthEnd,
  nextMilestone,
  readiness,
  type CoverageLaw,
} from "./model";
import { lawFilterFrom } from "./schema";

const law = (effectiveDate: string, phases: { date: string; label: string }[] = []) => ({
  effectiveDate,
  status: "enacted" as const,
  phases,
});

describe("covers", () => {
  it("expands EU to member states and their subdivisions, not to others", () => {
    expect(covers("EU", "DE")).toBe(true);
    expect(covers("EU", "DE-BY")).toBe(true);
    expect(covers("EU", "GB")).toBe(false);
    expect(covers("EU", "CH")).toBe(false);
  });
  it("lets a national law cover subdivisions, but a state law only itself", () => {
    expect(covers("US-CA", "US-CA")).toBe(true);
    expect(covers("US-CA", "US-NY")).toBe(false);
    expect(covers("US-CA", "US")).toBe(false);
    expect(covers("CA", "CA-QC")).toBe(true);
    expect(covers("CA-QC", "CA")).toBe(false);
  });
});

describe("status, countdown and next milestone", () => {
  it("is in force from the effective date itself", () => {
    expect(lawStatusOn(law("2026-11-29"), "2026-11-29")).toBe("in_force");
    expect(lawStatusOn(law("2026-11-30"), "2026-11-29")).toBe("upcoming");
    expect(lawStatusOn({ ...law("2020-01-01"), status: "repealed" }, "2026-11-29")).toBe(
      "repealed",
    );
  });
  it("counts whole days across month and year ends", () => {
    expect(daysUntil("2027-01-01", "2026-12-31")).toBe(1);
    expect(daysUntil("2026-11-29", "2026-11-29")).toBe(0);
    expect(daysUntil("2026-11-01", "2026-11-29")).toBe(-28);
    expect(daysUntil("2028-03-01", "2028-02-28")).toBe(2); // leap year
  });
  it("finds the next phase of a law already in force", () => {
    const l = law("2023-01-01", [
      { date: "2027-05-13", label: "most duties" },
      { date: "2026-11-13", label: "consent managers" },
    ]);
    expect(nextMilestone(l, "2026-11-29")).toEqual({ date: "2027-05-13", label: "most duties" });
    expect(nextMilestone(l, "2027-05-14")).toBeNull();
  });
});

describe("readiness", () => {
  const controls = new Map([
    ["access", "implemented" as const],
    ["deletion", "not_applicable" as const],
    ["portability", "in_progress" as const],
  ]);
  it("counts implemented and not applicable, and missing controls as not started", () => {
    expect(readiness(["access", "deletion", "portability", "dpo"], controls)).toBe(0.5);
    expect(readiness(["access", "deletion"], controls)).toBe(1);
  });
  it("is null, not 100%, for a law without obligations", () => {
    expect(readiness([], controls)).toBeNull();
  });
});

describe("at risk", () => {
  const today = "2026-11-29";
  it("flags something due within 180 days while not fully ready", () => {
    expect(isAtRisk(law("2027-05-28"), 0.9, today)).toBe(true); // day 180
    expect(isAtRisk(law("2027-05-29"), 0.9, today)).toBe(false); // day 181
    expect(isAtRisk(law("2027-01-01"), 1, today)).toBe(false);
    expect(isAtRisk(law("2027-01-01"), null, today)).toBe(true);
  });
  it("looks at later phases of laws in force, and never at repealed laws", () => {
    expect(isAtRisk(law("2020-01-01", [{ date: "2027-01-01", label: "x" }]), 0.5, today)).toBe(
      true,
    );
    expect(isAtRisk(law("2020-01-01"), 0.5, today)).toBe(false);
    expect(isAtRisk({ ...law("2027-01-01"), status: "repealed" }, 0, today)).toBe(false);
  });
});

describe("customer coverage", () => {
  const laws: CoverageLaw[] = [
    { id: "gdpr", shortName: "GDPR", jurisdictions: ["EU"], ...law("2018-05-25") },
    { id: "ca", shortName: "CCPA", jurisdictions: ["US-CA"], ...law("2020-01-01") },
    { id: "in", shortName: "DPDP", jurisdictions: ["IN"], ...law("2027-05-13") },
    { id: "vt", shortName: "VT", jurisdictions: ["US-VT"], ...law("2030-01-01") },
  ];
  const regions = new Map([
    ["DE", 50],
    ["US-CA", 20],
    ["IN", 10],
    ["US-NY", 15],
    ["US-VT", 5],
  ]);
  it("gives month ends through the horizon", () => {
    expect(monthEnd("2026-11-29", 0)).toBe("2026-11-30");
    expect(monthEnd("2026-11-29", 3)).toBe("2027-02-28");
    expect(monthEnd("2027-12-15", 2)).toBe("2028-02-29");
  });
  it("grows when a law takes effect and never counts regions without one", () => {
    const { series, byRegion } = customerCoverage(regions, laws, "2026-11-29", 24);
    expect(series).toHaveLength(25);
    expect(series[0]).toEqual({ month: "2026-11", covered: 70, total: 100, share: 0.7 });
    // A law effective later this month counts at the month's end, not today.
    const soon = customerCoverage(
      regions,
      [...laws, { id: "ny", shortName: "NY", jurisdictions: ["US-NY"], ...law("2026-11-30") }],
      "2026-11-29",
      1,
    );
    expect(soon.now.covered).toBe(70);
    expect(soon.series[0]!.covered).toBe(85);
    expect(series.find((p) => p.month === "2027-04")!.covered).toBe(70);
    expect(series.find((p) => p.month === "2027-05")!.covered).toBe(80);
    expect(series.at(-1)).toEqual({ month: "2028-11", covered: 80, total: 100, share: 0.8 });
    const ny = byRegion.find((r) => r.region === "US-NY")!;
    expect(ny).toEqual({ region: "US-NY", profiles: 15, lawsNow: [], coveredFrom: null });
    expect(byRegion.find((r) => r.region === "IN")!.coveredFrom).toBe("2027-05-13");
    // Vermont's law starts after the 24-month horizon.
    expect(byRegion.find((r) => r.region === "US-VT")!.coveredFrom).toBeNull();
    expect(byRegion[0]!.region).toBe("DE");
  });
  it("has no share without profiles", () => {
    const { series } = customerCoverage(new Map(), laws, "2026-11-29", 1);
    expect(series[0]).toEqual({ month: "2026-11", covered: 0, total: 0, share: null });
  });
});

describe("the laws filter", () => {
  const entry = (
    jurisdictions: string[],
    extra: Partial<Parameters<typeof matchesLawFilter>[0]> = {},
  ) => ({
    jurisdictions,
    status: "in_force" as const,
    atRisk: false,
    notReady: false,
    ...extra,
  });
  it("matches a jurisdiction, the laws that cover it, and nothing else", () => {
    expect(matchesLawFilter(entry(["US-CA"]), { jurisdiction: "US-CA" })).toBe(true);
    expect(matchesLawFilter(entry(["EU"]), { jurisdiction: "DE" })).toBe(true);
    expect(matchesLawFilter(entry(["US-VA"]), { jurisdiction: "US-CA" })).toBe(false);
    expect(matchesLawFilter(entry(["US-VA"]), {})).toBe(true);
  });
  it("reads at risk and not ready from the law, other statuses from its status", () => {
    expect(matchesLawFilter(entry(["GB"], { atRisk: true }), { status: "at_risk" })).toBe(true);
    expect(matchesLawFilter(entry(["GB"]), { status: "at_risk" })).toBe(false);
    expect(matchesLawFilter(entry(["GB"], { notReady: true }), { status: "not_ready" })).toBe(true);
    expect(matchesLawFilter(entry(["GB"], { status: "upcoming" }), { status: "upcoming" })).toBe(
      true,
    );
    expect(matchesLawFilter(entry(["GB"]), { status: "upcoming" })).toBe(false);
  });
  it("carries over as a query string, and as nothing when empty", () => {
    expect(lawFilterQuery({})).toBe("");
    expect(lawFilterQuery({ jurisdiction: "US-CA", status: "not_ready" })).toBe(
      "?jurisdiction=US-CA&status=not_ready",
    );
    expect(lawFilterFrom({ jurisdiction: ["US-CA", "GB"], status: "nonsense" })).toEqual({
      jurisdiction: "US-CA",
      status: undefined,
    });
  });
});
