import "server-only";
/**
 * Figures of the /consent dashboard and GET /api/v1/metrics/consent, read from the rollups only
 * (their size grows with purposes × days × regions × channels, not with events): the rate per
 * purpose over time and at the end of the range, event counts, the GPC share, and the rate by
 * region and by channel. Rates under the filter's definition (`measure` below; the consent rate,
 * granted ÷ decided as of the end of a day, by default). The reads are in consent-reads.ts; this
 * file turns them into the figures.
 */
import { eq } from "drizzle-orm";
import type { Db } from "@/db/connect";
import { consentRollups, consentTotals, purposes } from "@/db/schema";
import { cumulativeAt, periodEnds, rate } from "@/lib/consent/rates";
import { addDays, pointCount } from "@/lib/date-range";
import { RuleError } from "@/lib/errors";
import { issuesInEnglish } from "@/lib/filters/english";
import {
  consentFilter,
  resolveRange,
  type ConsentDefinition,
  type ConsentFilter,
} from "@/lib/filters/consent";
import {
  consentScope,
  readCountsBy,
  readEventCounts,
  readEventsBy,
  readProfilesByRegion,
  readPurposes,
  readTotalsAndDeltas,
  type Counts,
} from "./consent-reads";
import type { z } from "zod";
import type { consentMetricsResponse } from "@/lib/openapi/responses";

/** The figures as GET /api/v1/metrics/consent answers them (the documented response). */
export type ConsentMetrics = z.output<typeof consentMetricsResponse>;

/** A purpose's changes over some days (a period of the range), standing on the last of them. */
type PeriodDelta = {
  purposeId: string;
  day: string;
  decided: number;
  granted: number;
  grants: number;
  denies: number;
};
type Rated = ConsentMetrics["overall"];
type Events = { grants: number; denies: number };

/**
 * A purpose's deltas for the series: the state just before `from` (its totals minus every row
 * from `from` on) as one delta on the day before, then the deltas of the periods up to `to`.
 */
function deltasFromStart(
  total: { decided: number; granted: number },
  rows: PeriodDelta[],
  range: { from: string; to: string },
) {
  const decidedAfter = rows.reduce((sum, r) => sum + r.decided, 0);
  const grantedAfter = rows.reduce((sum, r) => sum + r.granted, 0);
  const before = {
    day: addDays(range.from, -1),
    decided: total.decided - decidedAfter,
    granted: total.granted - grantedAfter,
  };
  return [before, ...rows.filter((r) => r.day <= range.to)];
}

/** Grants and refusals of each period ending at `ends` (the first from `from` on). */
function eventsPerPeriod(rows: PeriodDelta[], from: string, ends: string[]): Events[] {
  return ends.map((end, i) => {
    const start = i === 0 ? from : addDays(ends[i - 1]!, 1);
    const inPeriod = rows.filter((r) => r.day >= start && r.day <= end);
    return {
      grants: inPeriod.reduce((s, r) => s + r.grants, 0),
      denies: inPeriod.reduce((s, r) => s + r.denies, 0),
    };
  });
}

/** Grants and refusals of the days from `from` to `to`. */
function eventsBetween(rows: PeriodDelta[], from: string, to: string): Events {
  const inRange = rows.filter((r) => r.day >= from && r.day <= to);
  return {
    grants: inRange.reduce((s, r) => s + r.grants, 0),
    denies: inRange.reduce((s, r) => s + r.denies, 0),
  };
}

/** The days just before `from`, as many as from `from` to `to`. */
export function previousRange(from: string, to: string): { from: string; to: string } {
  return { from: addDays(from, -pointCount(from, to, "day")), to: addDays(from, -1) };
}

/**
 * A figure under the filter's definition (docs/metrics.md): `granted` and `decided` are always
 * the customers' state (the consent rate's terms); `rate` = `numerator` ÷ `denominator`:
 * consent-rate granted ÷ decided, opt-in-rate granted ÷ every customer in scope (the profiles,
 * or the customers who decided when consent arrived for more of them than there are profiles),
 * acceptance-rate grants ÷ (grants + refusals) within the range or period.
 */
function measure(
  definition: ConsentDefinition,
  state: { granted: number; decided: number },
  profiles: number,
  events: Events,
): Rated {
  const [numerator, denominator] =
    definition === "opt-in-rate"
      ? [state.granted, Math.max(profiles, state.decided)]
      : definition === "acceptance-rate"
        ? [events.grants, events.grants + events.denies]
        : [state.granted, state.decided];
  return {
    rate: rate(numerator, denominator),
    granted: state.granted,
    decided: state.decided,
    numerator,
    denominator,
  };
}

/** The rate per region or channel, the largest sample first; places without any are left out. */
function breakdown<N extends "region" | "channel">(
  name: N,
  definition: ConsentDefinition,
  state: Counts[],
  events: { key: string; grants: number; denies: number }[],
  profilesOf: (key: string) => number,
) {
  const keys = [...new Set([...state.map((r) => r.key), ...events.map((r) => r.key)])];
  return keys
    .map((key) => {
      const s = state.find((r) => r.key === key) ?? { granted: 0, decided: 0 };
      const e = events.find((r) => r.key === key) ?? { grants: 0, denies: 0 };
      return { [name]: key, ...measure(definition, s, profilesOf(key), e) };
    })
    .filter((r) => (definition === "acceptance-rate" ? r.denominator > 0 : r.decided > 0))
    .sort((a, b) => b.denominator - a.denominator) as unknown as ConsentMetrics[N extends "region"
    ? "byRegion"
    : "byChannel"];
}

export async function getConsentMetrics(
  db: Db,
  filter: ConsentFilter,
  today: string,
): Promise<ConsentMetrics> {
  // Checked again here, before anything is listed or read, for callers that did not parse.
  const rangeIssues = consentFilter.refine?.(filter, today) ?? [];
  if (rangeIssues.length > 0)
    throw new RuleError("The date range is invalid", issuesInEnglish(rangeIssues));
  const { from, to, interval } = resolveRange(filter, today);
  const definition = filter.definition ?? "consent-rate";
  const ends = periodEnds(from, to, interval);
  const empty = { grants: 0, denies: 0 };

  const catalog = await readPurposes(db, filter);
  if (catalog.length === 0) {
    return {
      from,
      to,
      interval,
      definition,
      purposes: [],
      overall: measure(definition, { granted: 0, decided: 0 }, 0, empty),
      previous: {
        ...previousRange(from, to),
        overall: measure(definition, { granted: 0, decided: 0 }, 0, empty),
      },
      events: { grant: 0, deny: 0, withdraw: 0 },
      gpcShare: null,
      gpcEvents: 0,
      byRegion: [],
      byChannel: [],
    };
  }

  // A retired purpose takes no events and its customers cannot change their decisions: its
  // frozen figures stay listed but are left out of every figure across purposes, unless the
  // filter names it.
  const counts = (p: (typeof catalog)[number]) =>
    p.status !== "retired" || filter.purpose === p.key;
  const counted = catalog.filter(counts);
  // Per purpose: every listed one; across purposes: those counted.
  const scope = consentScope(
    catalog.map((p) => p.id),
    filter,
  );
  const acrossScope = consentScope(
    counted.map((p) => p.id),
    filter,
  );
  const acceptance = definition === "acceptance-rate";
  // The range before, of the same length: its figures come from the same reads.
  const previous = previousRange(from, to);
  // The daily rows are summed per period by the database: the range before, each period of the
  // range, and the days after it (which the totals count). Each sum stands on its period's last
  // day, which is all the figures below ask of a day: every one is as of, or between, those.
  const bounds = [previous.from, from, ...ends.map((end) => addDays(end, 1))];
  const lastDays = [previous.to, ...ends, addDays(to, 1)];
  const [
    { periods, totals: totalsByPurpose },
    e,
    byRegion,
    byChannel,
    regionEvents,
    channelEvents,
    people,
  ] = await Promise.all([
    readTotalsAndDeltas(db, scope, bounds),
    readEventCounts(db, acrossScope, from, to),
    readCountsBy(db, acrossScope, "region", to),
    readCountsBy(db, acrossScope, "channel", to),
    acceptance ? readEventsBy(db, acrossScope, "region", from, to) : [],
    acceptance ? readEventsBy(db, acrossScope, "channel", from, to) : [],
    definition === "opt-in-rate" ? readProfilesByRegion(db) : [],
  ]);
  // Profiles in scope: of the region filtered on, else of every region.
  const profilesIn = (region?: string) =>
    people.filter((p) => !region || p.region === region).reduce((s, p) => s + p.profiles, 0);
  const inScope = profilesIn(filter.region);
  const periodDeltas: PeriodDelta[] = periods.map(({ bucket, ...r }) => ({
    ...r,
    day: lastDays[bucket - 1]!,
  }));

  const previousTerms: {
    purposeId: string;
    state: { granted: number; decided: number };
    events: Events;
  }[] = [];
  const purposesOut = catalog.map((p) => {
    const total = totalsByPurpose.find((t) => t.purposeId === p.id) ?? { decided: 0, granted: 0 };
    const rows = periodDeltas.filter((d) => d.purposeId === p.id);
    const [before, ...states] = cumulativeAt(
      deltasFromStart(total, rows, { from: previous.from, to }),
      [previous.to, ...ends],
    );
    const events = acceptance ? eventsPerPeriod(rows, from, ends) : [];
    const series = states.map((s, i) => ({
      date: s.date,
      ...measure(definition, s, inScope, events[i] ?? empty),
    }));
    const last = states.at(-1) ?? { granted: 0, decided: 0 };
    const rangeEvents = eventsBetween(rows, from, to);
    if (counts(p))
      previousTerms.push({
        purposeId: p.id,
        state: before!,
        events: eventsBetween(rows, previous.from, previous.to),
      });
    return {
      key: p.key,
      name: p.name,
      functionalArea: p.functionalArea,
      status: p.status,
      inOverall: counts(p),
      ...measure(definition, last, inScope, rangeEvents),
      series,
    };
  });
  // Opt-in across purposes: each purpose's terms added up. Every profile counts once per purpose
  // customers are asked about (consent-based and not a draft) or that has decisions anyway, as
  // that purpose's own figure counts them: the profiles, or its deciders where they are more.
  // (One purpose decided by more customers than there are profiles never fills another
  // purpose's customers nobody asked.)
  const summed = purposesOut.filter((_, i) => counts(catalog[i]!));
  const askedIds = new Set(
    catalog
      .filter(
        (p, i) =>
          counts(p) &&
          ((p.legalBasis === "consent" && p.status !== "draft") || purposesOut[i]!.decided > 0),
      )
      .map((p) => p.id),
  );
  /** Customers in scope across the asked purposes: per purpose, the profiles or its deciders. */
  const reach = (profiles: number, decidedOf: (purposeId: string) => number) =>
    [...askedIds].reduce((n, id) => n + Math.max(profiles, decidedOf(id)), 0);
  const granted = summed.reduce((s, p) => s + p.granted, 0);
  const decided = summed.reduce((s, p) => s + p.decided, 0);
  const decidedNow = new Map(catalog.map((p, i) => [p.id, purposesOut[i]!.decided]));
  /** A breakdown's rows summed over purposes, and its reach from each purpose's deciders. */
  const perKey = (rows: (Counts & { purposeId: string })[]) => {
    const state = new Map<string, Counts>();
    const decidedBy = new Map<string, number>();
    for (const r of rows) {
      const s = state.get(r.key) ?? { key: r.key, granted: 0, decided: 0 };
      s.granted += r.granted;
      s.decided += r.decided;
      state.set(r.key, s);
      decidedBy.set(`${r.purposeId}\u0000${r.key}`, r.decided);
    }
    const decidedIn = (key: string) => (id: string) => decidedBy.get(`${id}\u0000${key}`) ?? 0;
    return { state: [...state.values()], decidedIn };
  };
  const regions = perKey(byRegion);
  const channels = perKey(byChannel);
  const total = e.grant + e.deny + e.withdraw;
  return {
    from,
    to,
    interval,
    definition,
    purposes: purposesOut,
    // Across purposes: each purpose's terms added up.
    overall: measure(
      definition,
      { granted, decided },
      reach(inScope, (id) => decidedNow.get(id) ?? 0),
      {
        grants: e.grant,
        denies: e.deny,
      },
    ),
    events: { grant: e.grant, deny: e.deny, withdraw: e.withdraw },
    previous: {
      ...previous,
      overall: measure(
        definition,
        {
          granted: previousTerms.reduce((n, p) => n + p.state.granted, 0),
          decided: previousTerms.reduce((n, p) => n + p.state.decided, 0),
        },
        reach(inScope, (id) => previousTerms.find((p) => p.purposeId === id)?.state.decided ?? 0),
        {
          grants: previousTerms.reduce((n, p) => n + p.events.grants, 0),
          denies: previousTerms.reduce((n, p) => n + p.events.denies, 0),
        },
      ),
    },
    gpcShare: total > 0 ? e.gpc / total : null,
    gpcEvents: e.gpc,
    byRegion: breakdown("region", definition, regions.state, regionEvents, (r) =>
      reach(profilesIn(r), regions.decidedIn(r)),
    ),
    byChannel: breakdown("channel", definition, channels.state, channelEvents, (c) =>
      reach(inScope, channels.decidedIn(c)),
    ),
  };
}

/** The keys of the purposes that have any consent decision, for the purpose filter. */
export async function listDecidedPurposes(db: Db): Promise<Set<string>> {
  const rows = await db
    .selectDistinct({ key: purposes.key })
    .from(consentTotals)
    .innerJoin(purposes, eq(purposes.id, consentTotals.purposeId));
  return new Set(rows.map((r) => r.key));
}

/** Regions that have any consent decision, for the region filter. */
export async function listConsentRegions(db: Db): Promise<string[]> {
  const rows = await db
    .selectDistinct({ region: consentRollups.region })
    .from(consentRollups)
    .orderBy(consentRollups.region);
  return rows.map((r) => r.region);
}
