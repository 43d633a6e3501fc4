/**
 * The arithmetic of /laws, free of the database: status relative to today, readiness, at-risk
 * flags, which regions a jurisdiction covers, and customer coverage month by month. Dates are
 * ISO days (YYYY-MM-DD), compared as strings and counted in UTC.
 */
import type { LawView } from "./index";
import type { ControlStatus, LawFilter } from "./schema";

/** EU member states (ISO 3166-1 alpha-2); `EU` in a law's jurisdictions expands to these. */
export const euMemberStates = [
  "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
  "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
] as const; // prettier-ignore

export const AT_RISK_DAYS = 180;

export type LawDates = {
  effectiveDate: string;
  status: "enacted" | "in_force" | "amended" | "repealed";
  phases: { date: string; label: string }[];
};

export type LawStatusNow = "in_force" | "upcoming" | "repealed";

/** Whether a law for `jurisdiction` applies to customers in `region` (`DE`, `US-CA`, `DE-BY`). */
export function covers(jurisdiction: string, region: string): boolean {
  const country = region.split("-")[0]!;
  if (jurisdiction === region) return true;
  if (jurisdiction === "EU") return (euMemberStates as readonly string[]).includes(country);
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

/** The law's next date on or after today: its effective date or a later phase. */
export function nextMilestone(
  law: LawDates,
  today: string,
): { date: string; label: string | null } | null {
  const dates = [
    { date: law.effectiveDate, label: null as string | null },
    ...law.phases.map((p) => ({ date: p.date, label: p.label as string | null })),
  ]
    .filter((d) => d.date >= today)
    .sort((a, b) => a.date.localeCompare(b.date));
  return dates[0] ?? null;
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

/**
 * At risk: something of the law takes effect within the next 180 days (today included) and
 * the company is not fully ready.
 */
export function isAtRisk(law: LawDates, ready: number | null, today: string): boolean {
  if (law.status === "repealed") return false;
  const next = nextMilestone(law, today);
  if (!next) return false;
  return daysUntil(next.date, today) <= AT_RISK_DAYS && (ready ?? 0) < 1;
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
 * the next `months` months, and per region. `regions` maps a region code to its profile count.
 */
export function customerCoverage(
  regions: ReadonlyMap<string, number>,
  laws: readonly CoverageLaw[],
  today: string,
  months = 24,
): { now: CoveragePoint; series: CoveragePoint[]; byRegion: RegionCoverage[] } {
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
      .map((l) => l.shortName);
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
  // "Today" is today, not the end of this month: a law taking effect on the 15th does not count yet.
  return { now: pointOn(today, today.slice(0, 7)), series, byRegion };
}

/** Whether a law passes the /laws filter (a jurisdiction includes its sub-jurisdictions). */
export function matchesLawFilter(
  law: Pick<LawView, "jurisdictions" | "status" | "atRisk" | "notReady">,
  filter: LawFilter,
): boolean {
  const { jurisdiction, status } = filter;
  return (
    (!jurisdiction ||
      law.jurisdictions.some((j) => j === jurisdiction || covers(j, jurisdiction))) &&
    (!status ||
      (status === "at_risk"
        ? law.atRisk
        : status === "not_ready"
          ? law.notReady
          : law.status === status))
  );
}

/** The filter as a query string ("" or "?…"), to carry it from one laws page to another. */
export function lawFilterQuery(filter: LawFilter): string {
  const q = new URLSearchParams();
  if (filter.jurisdiction) q.set("jurisdiction", filter.jurisdiction);
  if (filter.status) q.set("status", filter.status);
  const text = q.toString();
  return text ? `?${text}` : "";
}
