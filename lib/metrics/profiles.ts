import "server-only";
/**
 * Figures of the /profiles dashboard and GET /api/v1/metrics/profiles, read from the profile
 * aggregates (a few hundred rows whatever the number of profiles). With a party filter, the
 * completeness figures count only attributes supplied by sources of that party. With
 * `unit=person` every count is of persons (profiles joined by identity, lib/identity/resolve),
 * read from the person aggregates kept the same way.
 */
import { and, eq, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Db } from "@/db/connect";
import {
  identityMatch,
  personFill,
  personReach,
  personSizes,
  personSummary,
  profileFill,
  profileReach,
  profileSummary,
  purposes,
} from "@/db/schema";
import { getMatchingConfig } from "@/lib/identity/resolve";
import { getCompletenessModel } from "@/lib/profiles/current-model";
import type { ProfileFilter } from "@/lib/profiles/schema";
import { HISTOGRAM_BUCKETS } from "@/lib/profiles/score";
import { reachablePurpose } from "./reach";
import { type parties } from "@/lib/sources/schema";
import type { z } from "zod";
import type { profileMetricsResponse } from "@/lib/openapi/responses";

type PartyCounts = Record<(typeof parties)[number] | "unknown", number>;

/** The figures as GET /api/v1/metrics/profiles answers them (the documented response). */
export type ProfileMetrics = z.output<typeof profileMetricsResponse>;

const share = (n: number, d: number) => (d === 0 ? null : n / d);

export async function getProfileMetrics(db: Db, filter: ProfileFilter): Promise<ProfileMetrics> {
  const view = filter.party ?? "all";
  const unit = filter.unit ?? "profile";
  // The same figures from the person aggregates: same columns, counted per person.
  const t =
    unit === "person"
      ? {
          summary: personSummary,
          n: personSummary.persons,
          p360: personSummary.persons360,
          fill: personFill,
          fillN: personFill.persons,
          reach: personReach,
          reachN: personReach.persons,
        }
      : {
          summary: profileSummary,
          n: profileSummary.profiles,
          p360: profileSummary.profiles360,
          fill: profileFill,
          fillN: profileFill.profiles,
          reach: profileReach,
          reachN: profileReach.profiles,
        };
  const regionWhere = (col: AnyPgColumn): SQL | undefined =>
    filter.region ? eq(col, filter.region) : undefined;
  const [buckets, fill, reach, regions, model, persons, match, sizes, matching] = await Promise.all(
    [
      db
        .select({
          bucket: t.summary.bucket,
          profiles: sql<string>`sum(${t.n})::text`,
          micros: sql<string>`sum(${t.summary.completenessMicros})::text`,
          p360: sql<string>`sum(${t.p360})::text`,
          resolved: sql<string>`sum(${t.summary.resolved})::text`,
        })
        .from(t.summary)
        .where(and(eq(t.summary.view, view), regionWhere(t.summary.region)))
        .groupBy(t.summary.bucket),
      db
        .select({
          party: t.fill.party,
          group: t.fill.group,
          name: t.fill.name,
          profiles: sql<string>`sum(${t.fillN})::text`,
        })
        .from(t.fill)
        .where(and(regionWhere(t.fill.region)))
        .groupBy(t.fill.party, t.fill.group, t.fill.name),
      db
        .select({
          key: purposes.key,
          name: purposes.name,
          profiles: sql<string>`coalesce(sum(${t.reachN}), 0)::text`,
        })
        .from(purposes)
        .leftJoin(t.reach, and(eq(t.reach.purposeId, purposes.id), regionWhere(t.reach.region)))
        .where(reachablePurpose)
        .groupBy(purposes.key, purposes.name)
        .orderBy(purposes.key),
      db
        .selectDistinct({ region: profileSummary.region })
        .from(profileSummary)
        .where(sql`${profileSummary.profiles} > 0`)
        .orderBy(profileSummary.region),
      getCompletenessModel(db),
      db
        .select({ n: sql<string>`coalesce(sum(${personSummary.persons}), 0)::text` })
        .from(personSummary)
        .where(and(eq(personSummary.view, "all"), regionWhere(personSummary.region))),
      db
        .select({
          type: identityMatch.type,
          profiles: sql<string>`sum(${identityMatch.profiles})::text`,
          matched: sql<string>`sum(${identityMatch.matched})::text`,
        })
        .from(identityMatch)
        .where(regionWhere(identityMatch.region))
        .groupBy(identityMatch.type),
      db
        .select({ size: personSizes.size, persons: sql<string>`sum(${personSizes.persons})::text` })
        .from(personSizes)
        .where(regionWhere(personSizes.region))
        .groupBy(personSizes.size)
        .orderBy(personSizes.size),
      getMatchingConfig(db),
    ],
  );

  const num = (s: string | null | undefined) => Number(s ?? 0);
  const total = buckets.reduce((s, b) => s + num(b.profiles), 0);
  const micros = buckets.reduce((s, b) => s + num(b.micros), 0);
  const p360 = buckets.reduce((s, b) => s + num(b.p360), 0);
  const resolved = buckets.reduce((s, b) => s + num(b.resolved), 0);
  const histogram = Array.from({ length: HISTOGRAM_BUCKETS }, (_, i) => ({
    from: i / HISTOGRAM_BUCKETS,
    to: (i + 1) / HISTOGRAM_BUCKETS,
    count: num(buckets.find((b) => b.bucket === i)?.profiles),
  }));

  const emptyParties = (): PartyCounts => ({ zero: 0, first: 0, second: 0, third: 0, unknown: 0 });
  const attrs = new Map<string, ProfileMetrics["fillRates"][number]>();
  const keyWeight = new Map(model.attributes.map((a) => [`${a.group}.${a.name}`, a.weight]));
  for (const a of model.attributes) {
    attrs.set(`${a.group}.${a.name}`, {
      attribute: a.name,
      group: a.group,
      name: a.name,
      key: true,
      weight: a.weight,
      rate: null,
      profiles: 0,
      byParty: emptyParties(),
    });
  }
  const provenance = { ...emptyParties(), total: 0 };
  for (const row of fill) {
    const n = num(row.profiles);
    if (n === 0) continue;
    const party = row.party as keyof PartyCounts;
    provenance[party] += n;
    provenance.total += n;
    if (filter.party && row.party !== filter.party) continue;
    const id = `${row.group}.${row.name}`;
    const entry = attrs.get(id) ?? {
      attribute: row.name,
      group: row.group,
      name: row.name,
      key: keyWeight.has(id),
      weight: keyWeight.get(id) ?? 0,
      rate: null,
      profiles: 0,
      byParty: emptyParties(),
    };
    entry.profiles += n;
    entry.byParty[party] += n;
    attrs.set(id, entry);
  }
  const groupOrder = ["identity", "contact", "demographics", "preferences", "transactions"];
  const fillRates = [...attrs.values()]
    .map((a) => ({ ...a, rate: share(a.profiles, total) }))
    .sort(
      (a, b) =>
        Number(b.key) - Number(a.key) ||
        groupOrder.indexOf(a.group) - groupOrder.indexOf(b.group) ||
        b.profiles - a.profiles ||
        a.name.localeCompare(b.name),
    );

  return {
    filter,
    unit,
    profiles: total,
    persons: num(persons[0]?.n),
    // Every matching type, in the configured order, even before any profile carries it.
    matchRates: matching.types.map((type) => {
      const row = match.find((m) => m.type === type);
      return {
        type,
        profiles: num(row?.profiles),
        matched: num(row?.matched),
        rate: share(num(row?.matched), num(row?.profiles)),
      };
    }),
    personSizes: sizes
      .map((s) => ({ size: s.size, persons: num(s.persons) }))
      .filter((s) => s.persons > 0),
    avgCompleteness: total === 0 ? null : micros / 1e6 / total,
    share360: share(p360, total),
    identityCoverage: share(resolved, total),
    resolved,
    histogram,
    fillRates,
    provenance,
    reach: reach.map((r) => ({
      purpose: r.key,
      name: r.name,
      profiles: num(r.profiles),
      share: share(num(r.profiles), total),
    })),
    regions: regions.map((r) => r.region),
    model: { version: model.version },
  };
}
