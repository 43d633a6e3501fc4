import "server-only";
/**
 * Figures of the /profiles dashboard and GET /api/v1/metrics/profiles, read from the profile
 * aggregates (a few hundred rows whatever the number of profiles). With a party filter, the
 * completeness figures count only attributes supplied by sources of that party.
 */
import { and, eq, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Db } from "@/db/connect";
import { profileFill, profileReach, profileSummary, purposes } from "@/db/schema";
import { getCompletenessModel } from "@/lib/profiles/ingest";
import type { ProfileFilter } from "@/lib/profiles/schema";
import { HISTOGRAM_BUCKETS } from "@/lib/profiles/score";
import { type parties } from "@/lib/sources/schema";
import type { z } from "zod";
import type { profileMetricsResponse } from "@/lib/openapi/responses";

type PartyCounts = Record<(typeof parties)[number] | "unknown", number>;

/** The figures as GET /api/v1/metrics/profiles answers them (the documented response). */
export type ProfileMetrics = z.output<typeof profileMetricsResponse>;

const share = (n: number, d: number) => (d === 0 ? null : n / d);

export async function getProfileMetrics(db: Db, filter: ProfileFilter): Promise<ProfileMetrics> {
  const view = filter.party ?? "all";
  const regionWhere = (col: AnyPgColumn): SQL | undefined =>
    filter.region ? eq(col, filter.region) : undefined;
  const [buckets, fill, reach, regions, model] = await Promise.all([
    db
      .select({
        bucket: profileSummary.bucket,
        profiles: sql<string>`sum(${profileSummary.profiles})::text`,
        micros: sql<string>`sum(${profileSummary.completenessMicros})::text`,
        p360: sql<string>`sum(${profileSummary.profiles360})::text`,
        resolved: sql<string>`sum(${profileSummary.resolved})::text`,
      })
      .from(profileSummary)
      .where(and(eq(profileSummary.view, view), regionWhere(profileSummary.region)))
      .groupBy(profileSummary.bucket),
    db
      .select({
        party: profileFill.party,
        group: profileFill.group,
        name: profileFill.name,
        profiles: sql<string>`sum(${profileFill.profiles})::text`,
      })
      .from(profileFill)
      .where(and(regionWhere(profileFill.region)))
      .groupBy(profileFill.party, profileFill.group, profileFill.name),
    db
      .select({
        key: purposes.key,
        name: purposes.name,
        profiles: sql<string>`coalesce(sum(${profileReach.profiles}), 0)::text`,
      })
      .from(purposes)
      .leftJoin(
        profileReach,
        and(eq(profileReach.purposeId, purposes.id), regionWhere(profileReach.region)),
      )
      .where(and(eq(purposes.legalBasis, "consent"), sql`${purposes.status} <> 'draft'`))
      .groupBy(purposes.key, purposes.name)
      .orderBy(purposes.key),
    db
      .selectDistinct({ region: profileSummary.region })
      .from(profileSummary)
      .where(sql`${profileSummary.profiles} > 0`)
      .orderBy(profileSummary.region),
    getCompletenessModel(db),
  ]);

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
      attribute: `${a.group}.${a.name}`,
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
      attribute: id,
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
    profiles: total,
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
