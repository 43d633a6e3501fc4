import "server-only";
/**
 * The phase-out simulator (GET /api/v1/metrics/phase-out and the /sources page): what the
 * profiles would look like if some sources stopped and the attributes they supplied were gone.
 *
 * Every attribute of a profile was supplied by one source (or none), so retiring sources takes
 * away exactly their attributes. profile_source_sets counts profiles by the set of
 * (attribute, source) pairs they hold; each set is scored with and without the retired sources'
 * attributes by the same functions that score a profile when it is written, so "after" is what
 * rewriting every profile without those attributes would store — one row per distinct set is
 * read, whatever the number of profiles. Identifiers and consent decisions are not supplied by a
 * source's attributes, so identity coverage and consentable reach stay as they are: the
 * simulator reports them so a reader sees that they hold.
 */
import { and, eq, gt, sql } from "drizzle-orm";
import type { Db } from "@/db/connect";
import {
  dataSources,
  profileReach,
  profileSourceSets,
  profileSummary,
  purposes,
} from "@/db/schema";
import { HttpError } from "@/lib/http";
import { getCompletenessModel } from "@/lib/profiles/ingest";
import { parseSignature } from "@/lib/profiles/source-sets";
import { completeness, groupsPresent } from "@/lib/profiles/score";
import { profileGroups } from "@/lib/profiles/schema";
import { sourceStatus } from "@/lib/sources";
import type { Party } from "@/lib/sources/schema";

export type PhaseOutFigures = {
  profiles: number;
  avgCompleteness: number | null;
  share360: number | null;
  identityCoverage: number | null;
  reach: { purpose: string; name: string; profiles: number }[];
};

type SourceRef = { key: string; name: string; party: Party };

export type PhaseOut = {
  retire: string[];
  /** The retired sources, each with the profiles it supplies at least one attribute to. */
  sources: (SourceRef & { profiles: number })[];
  before: PhaseOutFigures;
  after: PhaseOutFigures;
  attributesLost: {
    attribute: string;
    group: string;
    name: string;
    /** A key attribute of the completeness model. */
    key: boolean;
    profiles: number;
    /** Zero- and first-party sources (not retired) that supply it to other profiles today. */
    replacements: (SourceRef & { profiles: number })[];
  }[];
  profilesAffected: number;
};

/** What `retire` names when it is left out: every third-party source still active on `today`. */
export function defaultRetire(
  sources: readonly { key: string; party: Party; activeFrom: string; retiredAt: string | null }[],
  today: string,
): string[] {
  return sources
    .filter((s) => s.party === "third" && sourceStatus(s, today) === "active")
    .map((s) => s.key)
    .sort();
}

const share = (n: number, d: number) => (d === 0 ? null : n / d);

export async function getPhaseOut(
  db: Db,
  retireKeys: readonly string[] | undefined,
  today: string,
): Promise<PhaseOut> {
  const [sources, sets, summary, reachRows, model] = await Promise.all([
    db
      .select({
        id: dataSources.id,
        key: dataSources.key,
        name: dataSources.name,
        party: dataSources.party,
        activeFrom: dataSources.activeFrom,
        retiredAt: dataSources.retiredAt,
      })
      .from(dataSources),
    db
      .select({ signature: profileSourceSets.signature, profiles: profileSourceSets.profiles })
      .from(profileSourceSets)
      .where(gt(profileSourceSets.profiles, 0)),
    db
      .select({
        profiles: sql<string>`coalesce(sum(${profileSummary.profiles}), 0)::text`,
        resolved: sql<string>`coalesce(sum(${profileSummary.resolved}), 0)::text`,
      })
      .from(profileSummary)
      .where(eq(profileSummary.view, "all")),
    db
      .select({
        key: purposes.key,
        name: purposes.name,
        profiles: sql<string>`coalesce(sum(${profileReach.profiles}), 0)::text`,
      })
      .from(purposes)
      .leftJoin(profileReach, eq(profileReach.purposeId, purposes.id))
      .where(and(eq(purposes.legalBasis, "consent"), sql`${purposes.status} <> 'draft'`))
      .groupBy(purposes.key, purposes.name)
      .orderBy(purposes.key),
    getCompletenessModel(db),
  ]);

  const byKey = new Map(sources.map((s) => [s.key, s]));
  const unknown = (retireKeys ?? []).filter((k) => !byKey.has(k));
  if (unknown.length > 0) {
    throw new HttpError(
      400,
      "The query string is invalid",
      unknown.map((k) => ({ path: "retire", message: `Unknown data source "${k}"` })),
    );
  }
  const retire = retireKeys ? [...new Set(retireKeys)].sort() : defaultRetire(sources, today);
  const retiredIds = new Set(retire.map((k) => byKey.get(k)!.id));
  const byId = new Map(sources.map((s) => [s.id, s]));
  const ref = (id: string): SourceRef => {
    const s = byId.get(id)!;
    return { key: s.key, name: s.name, party: s.party };
  };

  const score = { before: { n: 0, micros: 0, p360: 0 }, after: { n: 0, micros: 0, p360: 0 } };
  const tally = (
    into: (typeof score)["before"],
    attrs: { group: string; name: string }[],
    n: number,
  ) => {
    const present = attrs.map((a) => ({ group: a.group, name: a.name, party: null }));
    into.n += n;
    into.micros += n * Math.round(completeness(present, model) * 1e6);
    if (groupsPresent(present).length === profileGroups.length) into.p360 += n;
  };
  // Per attribute, the profiles each source supplies it to; per retired source, its profiles.
  const supply = new Map<string, Map<string, number>>();
  const perSource = new Map<string, number>();
  let affected = 0;
  for (const row of sets) {
    const attrs = parseSignature(row.signature);
    const n = row.profiles;
    const kept = attrs.filter((a) => a.sourceId === null || !retiredIds.has(a.sourceId));
    tally(score.before, attrs, n);
    tally(score.after, kept, n);
    if (kept.length < attrs.length) affected += n;
    const lostFrom = new Set<string>();
    for (const a of attrs) {
      if (a.sourceId === null) continue;
      const id = `${a.group}.${a.name}`;
      const bySource = supply.get(id) ?? new Map<string, number>();
      bySource.set(a.sourceId, (bySource.get(a.sourceId) ?? 0) + n);
      supply.set(id, bySource);
      if (retiredIds.has(a.sourceId)) lostFrom.add(a.sourceId);
    }
    for (const id of lostFrom) perSource.set(id, (perSource.get(id) ?? 0) + n);
  }

  const num = (s: string | undefined) => Number(s ?? 0);
  const total = num(summary[0]?.profiles);
  const resolved = num(summary[0]?.resolved);
  const reach = reachRows.map((r) => ({ purpose: r.key, name: r.name, profiles: num(r.profiles) }));
  const figures = (s: (typeof score)["before"]): PhaseOutFigures => ({
    profiles: s.n,
    avgCompleteness: s.n === 0 ? null : s.micros / 1e6 / s.n,
    share360: share(s.p360, s.n),
    identityCoverage: share(resolved, total),
    reach,
  });

  const keyAttributes = new Set(model.attributes.map((a) => `${a.group}.${a.name}`));
  const attributesLost = [...supply]
    .map(([id, bySource]) => {
      const [group, name] = id.split(".") as [string, string];
      let profiles = 0;
      const replacements: PhaseOut["attributesLost"][number]["replacements"] = [];
      for (const [sourceId, n] of bySource) {
        if (retiredIds.has(sourceId)) profiles += n;
        else if (byId.get(sourceId)?.party === "zero" || byId.get(sourceId)?.party === "first")
          replacements.push({ ...ref(sourceId), profiles: n });
      }
      replacements.sort((a, b) => b.profiles - a.profiles || a.key.localeCompare(b.key));
      return { attribute: id, group, name, key: keyAttributes.has(id), profiles, replacements };
    })
    .filter((a) => a.profiles > 0)
    .sort((a, b) => b.profiles - a.profiles || a.attribute.localeCompare(b.attribute));

  return {
    retire,
    sources: retire.map((key) => {
      const s = byKey.get(key)!;
      return { ...ref(s.id), profiles: perSource.get(s.id) ?? 0 };
    }),
    before: figures(score.before),
    after: figures(score.after),
    attributesLost,
    profilesAffected: affected,
  };
}
