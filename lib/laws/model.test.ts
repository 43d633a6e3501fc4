import { describe, expect, it } from "vitest";
import {
  covers,
  customerCoverage,
  daysUntil,
  lawDates,
  isAtRisk,
  lawStatusOn,
  matchesLawFilter,
  monthEnd,
  nextMilestone,
  obligationStart,
  obligationsFrom,
  readiness,
  readinessOn,
  cureOn,
  lawName,
  lawTitle,
  quarterOf,
  type CoverageLaw,
} from "./model";
import { jurisdictionSchema } from "./schema";

const law = (
  effectiveDate: string,
  phases: { date: string; label: string; labelDe?: string }[] = [],
) => ({
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
    expect(covers("EU", "NO")).toBe(false);
  });
  it("expands EEA to the EU's member states and Iceland, Liechtenstein and Norway", () => {
    for (const region of ["DE", "FR-75", "IS", "LI", "NO", "NO-03"])
      expect(covers("EEA", region), region).toBe(true);
    for (const region of ["CH", "GB", "US-CA"]) expect(covers("EEA", region), region).toBe(false);
    // A filter for the EU's laws lists the EEA's too.
    expect(covers("EEA", "EU")).toBe(true);
    expect(covers("EU", "EEA")).toBe(false);
  });
  it("counts the EU's outermost regions, which have codes of their own, as their state's", () => {
    for (const region of ["RE", "GP", "MQ", "GF", "YT", "MF", "AX", "IC", "EA"]) {
      expect(covers("EU", region), region).toBe(true);
      expect(covers("EEA", region), region).toBe(true);
    }
    expect(covers("FR", "RE")).toBe(true);
    expect(covers("FI", "AX")).toBe(true);
    // Territories outside the EU stay outside: New Caledonia, Greenland, the Faroes.
    for (const region of ["NC", "GL", "FO"]) expect(covers("EU", region), region).toBe(false);
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
      { date: "2027-05-13", label: "most duties", labelDe: "die meisten Pflichten" },
      { date: "2026-11-13", label: "consent managers", labelDe: "Einwilligungsverwalter" },
    ]);
    expect(nextMilestone(l, "2026-11-29")).toEqual({
      date: "2027-05-13",
      label: "most duties",
      labelDe: "die meisten Pflichten",
    });
    expect(nextMilestone(l, "2027-05-14")).toBeNull();
  });
  it("gives a repealed law no next date: it will not take effect", () => {
    const l = law("2027-01-01", [{ date: "2027-06-01", label: "second phase", labelDe: "" }]);
    expect(nextMilestone({ ...l, status: "repealed" }, "2026-12-01")).toBeNull();
  });
  it("keeps a repealed law's past dates on its timeline, and none to come", () => {
    const l = law("2025-01-01", [{ date: "2027-06-01", label: "second phase", labelDe: "" }]);
    expect(lawDates({ ...l, status: "repealed" }, "2026-12-01").map((d) => d.date)).toEqual([
      "2025-01-01",
    ]);
    expect(lawDates(l, "2026-12-01").map((d) => [d.date, d.label, d.phase])).toEqual([
      ["2025-01-01", null, null],
      ["2027-06-01", "second phase", 0],
    ]);
  });
  it("names a law's own effective date by no label, and a phase without German by none", () => {
    const l = law("2027-01-01", [{ date: "2027-06-01", label: "second phase", labelDe: "" }]);
    expect(nextMilestone(l, "2026-12-01")).toEqual({
      date: "2027-01-01",
      label: null,
      labelDe: null,
    });
    expect(nextMilestone(l, "2027-02-01")).toEqual({
      date: "2027-06-01",
      label: "second phase",
      labelDe: null,
    });
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
  const open = (appliesFrom: string | null = null) => ({ appliesFrom, done: false });
  const done = (appliesFrom: string | null = null) => ({ appliesFrom, done: true });
  it("flags an obligation that starts within 180 days while its control is not done", () => {
    expect(isAtRisk(law("2027-05-28"), [open(), done()], today)).toBe(true); // day 180
    expect(isAtRisk(law("2027-05-29"), [open()], today)).toBe(false); // day 181
    expect(isAtRisk(law("2027-01-01"), [done(), done()], today)).toBe(false);
    expect(isAtRisk(law("2027-01-01"), [], today)).toBe(false);
  });
  it("reads each obligation's own start date, not the law's phases", () => {
    // In force long ago; one obligation starts in 33 days and is not done.
    expect(isAtRisk(law("2020-01-01"), [done(), open("2027-01-01")], today)).toBe(true);
    // The open obligation applies since 2020: a gap today (not ready), not a risk ahead.
    expect(isAtRisk(law("2020-01-01", [{ date: "2027-01-01", label: "x" }]), [open()], today)).toBe(
      false,
    );
    // The obligation starting soon is done; the open one starts after 180 days.
    expect(isAtRisk(law("2026-12-15"), [done(), open("2028-01-01")], today)).toBe(false);
    expect(isAtRisk({ ...law("2027-01-01"), status: "repealed" }, [open()], today)).toBe(false);
  });
});

describe("obligations that start later than the law", () => {
  const today = "2026-12-01";
  // India's DPDP Act: in force since 2025-11-13, every obligation from 2027-05-13.
  const dpdp = law("2025-11-13");
  const obligations = [
    { key: "access", appliesFrom: "2027-05-13" },
    { key: "deletion", appliesFrom: "2027-05-13" },
  ];
  it("reports a law in force whose obligations all start later, with their first date", () => {
    expect(lawStatusOn(dpdp, today)).toBe("in_force");
    expect(obligationsFrom(dpdp, obligations, today)).toBe("2027-05-13");
    // Once one applies, or for a law with an obligation from its effective date: nothing to say.
    expect(obligationsFrom(dpdp, obligations, "2027-05-13")).toBeNull();
    expect(obligationsFrom(dpdp, [...obligations, { key: "dpo", appliesFrom: null }], today)).toBe(
      null,
    );
    expect(obligationsFrom(law("2027-01-01"), obligations, today)).toBeNull(); // upcoming
  });
  it("derives readiness today from the obligations that already apply", () => {
    const controls = new Map([["access", "implemented" as const]]);
    expect(readinessOn(dpdp, obligations, controls, today)).toBeNull(); // nothing applies yet
    expect(readinessOn(dpdp, obligations, controls, "2027-05-13")).toBe(0.5);
    const ccpa = law("2020-01-01");
    const mixed = [
      { key: "access", appliesFrom: null },
      { key: "opt_out_profiling", appliesFrom: "2027-01-01" },
    ];
    expect(readinessOn(ccpa, mixed, controls, today)).toBe(1); // profiling opt-out not yet due
    expect(readiness(["access", "opt_out_profiling"], controls)).toBe(0.5); // preparation overall
  });
  it("counts an obligation dated before the law as starting with the law", () => {
    expect(obligationStart(law("2026-01-01"), { appliesFrom: "2025-07-01" })).toBe("2026-01-01");
    expect(obligationStart(law("2026-01-01"), { appliesFrom: null })).toBe("2026-01-01");
    expect(obligationStart(law("2026-01-01"), { appliesFrom: "2027-01-01" })).toBe("2027-01-01");
  });
});

describe("cure periods with an end date", () => {
  const cure = (curePeriodDays: number | null, cureEndsOn: string | null) => ({
    curePeriodDays,
    cureEndsOn,
  });
  it("shows a cure period whose end date has passed as ended, with no days left", () => {
    expect(cureOn(cure(60, "2024-12-31"), "2026-12-01")).toEqual({
      days: null,
      endsOn: "2024-12-31",
      ended: true,
    });
  });
  it("keeps the days while the end date is today or later, and without an end date", () => {
    expect(cureOn(cure(30, "2027-07-31"), "2026-12-01")).toEqual({
      days: 30,
      endsOn: "2027-07-31",
      ended: false,
    });
    expect(cureOn(cure(30, "2027-07-31"), "2027-07-31").ended).toBe(false);
    expect(cureOn(cure(30, "2027-07-31"), "2027-08-01").ended).toBe(true);
    expect(cureOn(cure(90, null), "2030-01-01")).toEqual({ days: 90, endsOn: null, ended: false });
    expect(cureOn(cure(null, null), "2026-12-01")).toEqual({
      days: null,
      endsOn: null,
      ended: false,
    });
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
    // Laws are named with their jurisdictions wherever the page lists them.
    expect(byRegion.find((r) => r.region === "US-CA")!.lawsNow).toEqual(["CCPA (US-CA)"]);
  });
  it("counts each law's customers: in force or not yet, none once repealed, overlaps in both", () => {
    const { byLaw } = customerCoverage(
      regions,
      [
        ...laws,
        { id: "ca-2", shortName: "CA2", jurisdictions: ["US"], ...law("2026-01-01") },
        { id: "gone", shortName: "OLD", jurisdictions: ["DE"], ...law("2001-01-01") },
      ].map((l) => (l.id === "gone" ? { ...l, status: "repealed" as const } : l)),
      "2026-11-29",
    );
    expect(Object.fromEntries(byLaw)).toEqual({
      gdpr: 50,
      ca: 20,
      in: 10,
      // After the horizon of the chart, still a law that will cover them.
      vt: 5,
      // A national law covers its states: each customer counts under every law that covers them.
      "ca-2": 40,
      gone: 0,
    });
  });
  it("has no share without profiles", () => {
    const { series } = customerCoverage(new Map(), laws, "2026-11-29", 1);
    expect(series[0]).toEqual({ month: "2026-11", covered: 0, total: 0, share: null });
  });
});

describe("a jurisdiction as officers type it", () => {
  const issues = (j: string) => jurisdictionSchema.safeParse(j).error?.issues.map((i) => i.message);
  it("is EU, EEA, a country in use or a subdivision of one", () => {
    for (const j of ["EU", "EEA", "DE", "us-ca", "CA-QC", "GB"])
      expect(issues(j), j).toBeUndefined();
  });
  it("is stored as customers' regions are, a replaced code as the one in use", () => {
    // A law for UK would cover no customer: they are filed under GB.
    expect(jurisdictionSchema.parse("UK")).toBe("GB");
    expect(jurisdictionSchema.parse("uk-eng")).toBe("GB-ENG");
    expect(jurisdictionSchema.parse("DD")).toBe("DE");
  });
  it("refuses a code no country has, and text that is no code", () => {
    for (const j of ["XX", "QQ-01"])
      expect(issues(j), j).toEqual(["validation.jurisdictionUnknown"]);
    expect(issues("Massachusetts")).toEqual(["validation.jurisdictionFormat"]);
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
  it("lists a country's subdivisions' laws under the country", () => {
    expect(matchesLawFilter(entry(["US-CA"]), { jurisdiction: "US" })).toBe(true);
    expect(matchesLawFilter(entry(["CA-QC"]), { jurisdiction: "CA" })).toBe(true);
    // A national law is listed under its subdivisions too (it covers them); a subdivision's
    // law is not listed under another country, nor under the EU.
    expect(matchesLawFilter(entry(["US"]), { jurisdiction: "US-CA" })).toBe(true);
    expect(matchesLawFilter(entry(["US-CA"]), { jurisdiction: "CA" })).toBe(false);
    expect(matchesLawFilter(entry(["US-CA"]), { jurisdiction: "EU" })).toBe(false);
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
});

describe("naming and grouping laws", () => {
  it("names a law with its jurisdictions, so equal short names differ", () => {
    const montana = lawName({ shortName: "MCDPA", jurisdictions: ["US-MT"] }, "en");
    const minnesota = lawName({ shortName: "MCDPA", jurisdictions: ["US-MN"] }, "en");
    expect(montana).toBe("MCDPA (US-MT)");
    expect(minnesota).not.toBe(montana);
    expect(lawName({ shortName: "Nordic", jurisdictions: ["NO", "IS"] }, "de")).toBe(
      "Nordic (NO, IS)",
    );
  });
  it("names a law in German where it has a German name, in English otherwise", () => {
    const gdpr = { shortName: "GDPR", shortNameDe: "DSGVO", jurisdictions: ["EU"] };
    expect(lawName(gdpr, "de")).toBe("DSGVO (EU)");
    expect(lawName(gdpr, "en")).toBe("GDPR (EU)");
    expect(lawName({ ...gdpr, shortNameDe: "" }, "de")).toBe("GDPR (EU)");
    const title = { name: "Data Act", nameDe: "Datenverordnung" };
    expect(lawTitle(title, "de")).toBe("Datenverordnung");
    expect(lawTitle(title, "en")).toBe("Data Act");
    expect(lawTitle({ name: "Data Act", nameDe: "" }, "de")).toBe("Data Act");
  });
  it("puts a day in its calendar quarter", () => {
    expect(quarterOf("2027-01-01")).toBe("2027-Q1");
    expect(quarterOf("2027-03-31")).toBe("2027-Q1");
    expect(quarterOf("2027-04-01")).toBe("2027-Q2");
    expect(quarterOf("2027-09-30")).toBe("2027-Q3");
    expect(quarterOf("2027-12-31")).toBe("2027-Q4");
  });
});
