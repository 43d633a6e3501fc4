/**
 * The arithmetic of /laws, free of the database: status relative to today, readiness, at-risk
 * flags, which regions a jurisdiction covers, and customer coverage month by month. Dates are
 * ISO days (YYYY-MM-DD), compared as strings and counted in UTC.
 */
import type { Locale } from "@/i18n/config";
import type { LawView } from "./index";
import type { ControlStatus, LawFilter } from "./schema";

/** EU member states (ISO 3166-1 alpha-2); `EU` in a law's jurisdictions expands to these. */
export const euMemberStates = [
  "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
  "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
] as const; // prettier-ignore

/**
 * The EEA's states beyond the EU (Iceland, Liechtenstein, Norway): `EEA` in a law's
 * jurisdictions expands to the EU's member states and these, for EU law the EEA Agreement takes
 * over (the GDPR, since 20 July 2018).
 */
export const eeaEftaStates = ["IS", "LI", "NO"] as const;

/**
 * Regions of EU member states with ISO codes of their own (the outermost regions, the Åland
 * Islands, the Canary Islands, Ceuta and Melilla): EU law and the state's own apply there.
 */
const stateOfTerritory: Record<string, string> = {
  RE: "FR", GP: "FR", MQ: "FR", GF: "FR", YT: "FR", MF: "FR",
  AX: "FI", IC: "ES", EA: "ES",
}; // prettier-ignore

/** A jurisdiction as laws and filters name it: EU, EEA, a country (DE) or a subdivision (US-CA). */
export const JURISDICTION = /^(?:EU|EEA|[A-Z]{2}(?:-[A-Z0-9]{1,3})?)$/;

export const AT_RISK_DAYS = 180;

export type LawDates = {
  effectiveDate: string;
  status: "enacted" | "in_force" | "amended" | "repealed";
  phases: { date: string; label: string; labelDe?: string }[];
};

/** A law's names; the catalog gives German ones where the law has an official German title. */
export type LawNames = {
  name: string;
  nameDe?: string;
  shortName: string;
  shortNameDe?: string;
  jurisdictions: readonly string[];
};

/** A law's short name in the reader's language ("DSGVO" on German pages), else as entered. */
export function lawShortName(law: Pick<LawNames, "shortName" | "shortNameDe">, locale: Locale) {
  return (locale === "de" && law.shortNameDe) || law.shortName;
}

/** A law's full title in the reader's language, else as entered. */
export function lawTitle(law: Pick<LawNames, "name" | "nameDe">, locale: Locale) {
  return (locale === "de" && law.nameDe) || law.name;
}

/**
 * A law as a reader names it: its short name with its jurisdictions ("MCDPA (US-MT)"). Short
 * names alone collide (Montana's and Minnesota's MCDPA) or nearly do (OCPA, OCDPA).
 */
export function lawName(
  law: Pick<LawNames, "shortName" | "shortNameDe" | "jurisdictions">,
  locale: Locale,
): string {
  return `${lawShortName(law, locale)} (${law.jurisdictions.join(", ")})`;
}

/** The calendar quarter of an ISO day, sortable as text: "2027-Q1". */
export function quarterOf(day: string): string {
  return `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
}

export type LawStatusNow = "in_force" | "upcoming" | "repealed";

/** Whether a law for `jurisdiction` applies to customers in `region` (`DE`, `US-CA`, `DE-BY`). */
export function covers(jurisdiction: string, region: string): boolean {
  const code = region.split("-")[0]!;
  const country = stateOfTerritory[code] ?? code;
  if (jurisdiction === region) return true;
  const inEu = (euMemberStates as readonly string[]).includes(country);
  if (jurisdiction === "EU") return inEu;
  // The EEA covers the EU as a whole too: a filter for EU laws lists the GDPR.
  if (jurisdiction === "EEA")
    return region === "EU" || inEu || (eeaEftaStates as readonly string[]).includes(country);
  // A national law covers the country's subdivisions; a subdivision's law only itself.
  return !jurisdiction.includes("-") && jurisdiction === country;
}

export function lawStatusOn(law: LawDates, today: string): LawStatusNow {
  if (law.status === "repealed") return "repealed";
  return law.effectiveDate <= today ? "in_force" : "upcoming";
}

const DAY_MS = 86_400_000;

/** Whole days from `today` to `date` (negative when it is past). */
export function daysUntil(date: string, today: string): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS);
}

/**
 * A law's dates: its effective date (no label: it takes effect) and its phases, named in English
 * and, where the catalog gives one, in German. A repealed law keeps its past dates (they
 * happened) and has no future ones: they will not come.
 */
export function lawDates(
  law: Omit<LawDates, "status"> & { status: LawDates["status"] | LawStatusNow },
  today: string,
): { date: string; label: string | null; labelDe: string | null; phase: number | null }[] {
  return [
    { date: law.effectiveDate, label: null as string | null, labelDe: null, phase: null },
    ...law.phases.map((p, i) => ({
      date: p.date,
      label: p.label as string | null,
      labelDe: p.labelDe || null,
      phase: i as number | null,
    })),
  ].filter((d) => law.status !== "repealed" || d.date < today);
}

/** The law's next date on or after today (lawDates), or null. */
export function nextMilestone(
  law: LawDates,
  today: string,
): { date: string; label: string | null; labelDe: string | null } | null {
  const next = lawDates(law, today)
    .filter((d) => d.date >= today)
    .sort((a, b) => a.date.localeCompare(b.date))[0];
  return next ? { date: next.date, label: next.label, labelDe: next.labelDe } : null;
}

const DONE: ReadonlySet<ControlStatus> = new Set(["implemented", "not_applicable"]);

/**
 * Readiness = implemented or not-applicable obligations ÷ the law's obligations, 0..1; null for a
 * law without obligations (nothing to be ready for is not 100%). A missing control counts as
 * not started.
 */
export function readiness(
  obligationKeys: readonly string[],
  controls: ReadonlyMap<string, ControlStatus>,
): number | null {
  if (obligationKeys.length === 0) return null;
  const done = obligationKeys.filter((k) => DONE.has(controls.get(k) ?? "not_started")).length;
  return done / obligationKeys.length;
}

/** The day an obligation starts: its own date, or the law's effective date if that is later. */
export function obligationStart(
  law: Pick<LawDates, "effectiveDate">,
  obligation: { appliesFrom: string | null },
): string {
  const own = obligation.appliesFrom;
  return own && own > law.effectiveDate ? own : law.effectiveDate;
}

/**
 * For a law in force none of whose obligations applies yet (India's DPDP Act until 2027-05-13):
 * the day the first one starts. Null when the law is upcoming or repealed, when an obligation
 * already applies, or when it has none.
 */
export function obligationsFrom<T extends { appliesFrom: string | null }>(
  law: LawDates,
  obligations: readonly T[],
  today: string,
): string | null {
  if (lawStatusOn(law, today) !== "in_force" || obligations.length === 0) return null;
  const starts = obligations.map((o) => obligationStart(law, o)).sort();
  return starts[0]! > today ? starts[0]! : null;
}

/**
 * Readiness today: implemented or not-applicable obligations ÷ the obligations that already
 * apply on `today`; null when none applies yet (a gap can only be in what already applies).
 */
export function readinessOn(
  law: LawDates,
  obligations: readonly { key: string; appliesFrom: string | null }[],
  controls: ReadonlyMap<string, ControlStatus>,
  today: string,
): number | null {
  if (lawStatusOn(law, today) !== "in_force") return null;
  const applying = obligations.filter((o) => obligationStart(law, o) <= today).map((o) => o.key);
  return readiness(applying, controls);
}

/**
 * At risk: an obligation of the law starts within the next 180 days (today included) and the
 * company's control for it is not done. Each obligation counts from its own start date, so a law
 * in force long ago is at risk only for what it adds later, and a later phase without a new
 * obligation is not a risk of its own.
 */
export function isAtRisk(
  law: LawDates,
  obligations: readonly { appliesFrom: string | null; done: boolean }[],
  today: string,
): boolean {
  if (law.status === "repealed") return false;
  return obligations.some((o) => {
    const days = daysUntil(obligationStart(law, o), today);
    return !o.done && days >= 0 && days <= AT_RISK_DAYS;
  });
}

/** Whether a control counts as done (implemented, or not applicable to the company). */
export function isDone(status: ControlStatus | undefined): boolean {
  return DONE.has(status ?? "not_started");
}

export type CureState = {
  /** Days to cure while the cure period applies; null once it has ended or if there is none. */
  days: number | null;
  endsOn: string | null;
  ended: boolean;
};

/** A cure period relative to today: an end date in the past means it has ended. */
export function cureOn(
  cure: { curePeriodDays: number | null; cureEndsOn: string | null },
  today: string,
): CureState {
  const ended = cure.cureEndsOn !== null && cure.cureEndsOn < today;
  return { days: ended ? null : cure.curePeriodDays, endsOn: cure.cureEndsOn, ended };
}

/** The last day of the month `offset` months after `today`'s month. */
export function monthEnd(today: string, offset: number): string {
  const [y, m] = today.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 + offset + 1, 0)).toISOString().slice(0, 10);
}

export type CoverageLaw = LawDates & { id: string; shortName: string; jurisdictions: string[] };
export type CoveragePoint = { month: string; covered: number; total: number; share: number | null };
export type RegionCoverage = {
  region: string;
  profiles: number;
  /** Laws in force today that cover the region. */
  lawsNow: string[];
  /** The date a law first covers the region, if that is before the horizon's end; else null. */
  coveredFrom: string | null;
};

/** When a law starts covering a region: its effective date, or never if repealed. */
function coverageStart(law: CoverageLaw, region: string): string | null {
  if (law.status === "repealed") return null;
  return law.jurisdictions.some((j) => covers(j, region)) ? law.effectiveDate : null;
}

/**
 * Share of profiles covered by at least one law in force, at the end of this month and each of
 * the next `months` months, and per region; and per law, the profiles in the regions it covers
 * (in force or not yet; none for a repealed law). `regions` maps a region code to its profile
 * count.
 */
export function customerCoverage(
  regions: ReadonlyMap<string, number>,
  laws: readonly CoverageLaw[],
  today: string,
  months = 24,
): {
  now: CoveragePoint;
  series: CoveragePoint[];
  byRegion: RegionCoverage[];
  byLaw: Map<string, number>;
} {
  const starts = new Map<string, string | null>();
  const byRegion: RegionCoverage[] = [];
  for (const [region, profiles] of regions) {
    const dates = laws.map((l) => coverageStart(l, region)).filter((d): d is string => d !== null);
    const first = dates.sort()[0] ?? null;
    starts.set(region, first);
    const lawsNow = laws
      .filter((l) => {
        const start = coverageStart(l, region);
        return start !== null && start <= today;
      })
      .map((l) => lawName(l, "en"));
    const horizon = monthEnd(today, months);
    const coveredFrom = first !== null && first <= horizon ? first : null;
    byRegion.push({ region, profiles, lawsNow, coveredFrom });
  }
  byRegion.sort((a, b) => b.profiles - a.profiles || a.region.localeCompare(b.region));
  const total = [...regions.values()].reduce((s, n) => s + n, 0);
  const pointOn = (day: string, month: string): CoveragePoint => {
    let covered = 0;
    for (const [region, n] of regions) {
      const start = starts.get(region);
      if (start != null && start <= day) covered += n;
    }
    return { month, covered, total, share: total === 0 ? null : covered / total };
  };
  const series: CoveragePoint[] = [];
  for (let i = 0; i <= months; i++) {
    const end = monthEnd(today, i);
    series.push(pointOn(end, end.slice(0, 7)));
  }
  const byLaw = new Map<string, number>();
  for (const law of laws) {
    let profiles = 0;
    for (const [region, n] of regions) if (coverageStart(law, region) !== null) profiles += n;
    byLaw.set(law.id, profiles);
  }
  // "Today" is today, not the end of this month: a law taking effect on the 15th does not count yet.
  return { now: pointOn(today, today.slice(0, 7)), series, byRegion, byLaw };
}

/** Whether a law passes the /laws filter (a jurisdiction includes its sub-jurisdictions). */
export function matchesLawFilter(
  law: Pick<LawView, "jurisdictions" | "status" | "atRisk" | "notReady">,
  filter: LawFilter,
): boolean {
  const { jurisdiction, status } = filter;
  return (
    (!jurisdiction ||
      law.jurisdictions.some(
        (j) =>
          j === jurisdiction ||
          covers(j, jurisdiction) ||
          // A country's filter lists its subdivisions' laws too (US: California's).
          (!jurisdiction.includes("-") && j.startsWith(`${jurisdiction}-`)),
      )) &&
    (!status ||
      (status === "at_risk"
        ? law.atRisk
        : status === "not_ready"
          ? law.notReady
          : law.status === status))
  );
}
