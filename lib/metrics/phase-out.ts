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
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/connect";
import {
  dataSources,
  sourceSetEntries,
  profileReach,
  profileSourceSets,
  profileSummary,
  purposes,
} from "@/db/schema";
import { HttpError } from "@/lib/errors";
import type { FilterIssue } from "@/lib/filters/core";
import { issuesInEnglish } from "@/lib/filters/english";
import { filterSaid } from "@/lib/filters/said";
import { rowsOf } from "@/lib/sql-rows";
import { getCompletenessModel } from "@/lib/profiles/current-model";
import { parseSignature, type SourcedAttribute } from "@/lib/profiles/source-sets";
import { completenessOf } from "@/lib/profiles/score";
import { profileGroups } from "@/lib/profiles/schema";
import { sourceStatus } from "@/lib/sources";
import type { Party } from "@/lib/sources/schema";
import { reachablePurpose } from "./reach";

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
    group: string;
    /** The attribute's name within its group (`email`). */
    attribute: string;
    /** The same name, as `fillRates` also gives it. */
    name: string;
    /** A key attribute of the completeness model. */
    key: boolean;
    profiles: number;
    /** Zero- and first-party sources active today that supply it to other profiles. */
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

/** An issue for each key that names no source. */
export function unknownSources(keys: readonly string[], known: ReadonlySet<string>): FilterIssue[] {
  return keys
    .filter((k) => !known.has(k))
    .map((k) => ({ path: "retire", said: filterSaid("unknownSource", { key: k }) }));
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
    // Tens of thousands of rows at a million profiles: read without the query builder's mapping.
    db
      .execute(sql`select signature, profiles from ${profileSourceSets} where profiles > 0`)
      .then((r) => rowsOf<{ signature: string; profiles: number }>(r)),
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
      .where(reachablePurpose)
      .groupBy(purposes.key, purposes.name)
      .orderBy(purposes.key),
    getCompletenessModel(db),
  ]);

  // Read after the sets: a pair is numbered in the transaction that first counts a set holding
  // it, so every number the sets name is here (the reads are separate snapshots).
  const entryRows = await db.select().from(sourceSetEntries);
  const byKey = new Map(sources.map((s) => [s.key, s]));
  const unknown = unknownSources(retireKeys ?? [], new Set(byKey.keys()));
  if (unknown.length > 0)
    throw new HttpError(400, "The query string is invalid", issuesInEnglish(unknown));
  const retire = retireKeys ? [...new Set(retireKeys)].sort() : defaultRetire(sources, today);
  const retiredIds = new Set(retire.map((k) => byKey.get(k)!.id));
  const byId = new Map(sources.map((s) => [s.id, s]));
  const ref = (id: string): SourceRef => {
    const s = byId.get(id)!;
    return { key: s.key, name: s.name, party: s.party };
  };

  // Each (attribute, source) pair by its number: its key attribute's position in the model, its
  // group's bit, whether its source is retired. A set is then scored by adding up.
  type Entry = SourcedAttribute & { keyIndex: number; groupBit: number; retired: boolean };
  const keyIndex = new Map(model.attributes.map((a, i) => [`${a.group}.${a.name}`, i]));
  const groupBit = new Map(profileGroups.map((g, i) => [g as string, 1 << i]));
  const allGroups = (1 << profileGroups.length) - 1;
  const entries: (Entry | undefined)[] = [];
  for (const e of entryRows)
    entries[e.id] = {
      group: e.group,
      name: e.name,
      sourceId: e.sourceId,
      keyIndex: keyIndex.get(`${e.group}.${e.name}`) ?? -1,
      groupBit: groupBit.get(e.group) ?? 0,
      retired: e.sourceId !== null && retiredIds.has(e.sourceId),
    };
  const score = { before: { n: 0, micros: 0, p360: 0 }, after: { n: 0, micros: 0, p360: 0 } };
  const tally = (into: (typeof score)["before"], keys: number[], groups: number, n: number) => {
    into.n += n;
    keys.sort((x, y) => x - y);
    into.micros += n * Math.round(completenessOf(keys, model) * 1e6);
    if (groups === allGroups) into.p360 += n;
  };
  // Profiles per pair (an attribute from a source); per retired source, the profiles it supplies.
  const perEntry = new Float64Array(entries.length);
  const perSource = new Map<string, number>();
  let affected = 0;
  for (const row of sets) {
    const n = row.profiles;
    const keysBefore: number[] = [];
    const keysAfter: number[] = [];
    let groupsBefore = 0;
    let groupsAfter = 0;
    const lostFrom: string[] = [];
    for (const id of parseSignature(row.signature)) {
      const e = entries[id]!;
      perEntry[id]! += n;
      if (e.keyIndex >= 0) keysBefore.push(e.keyIndex);
      groupsBefore |= e.groupBit;
      if (e.retired) {
        if (!lostFrom.includes(e.sourceId!)) lostFrom.push(e.sourceId!);
      } else {
        if (e.keyIndex >= 0) keysAfter.push(e.keyIndex);
        groupsAfter |= e.groupBit;
      }
    }
    tally(score.before, keysBefore, groupsBefore, n);
    tally(score.after, keysAfter, groupsAfter, n);
    if (lostFrom.length > 0) affected += n;
    for (const id of lostFrom) perSource.set(id, (perSource.get(id) ?? 0) + n);
  }
  // Per attribute, the profiles each source supplies it to.
  const supply = new Map<string, Map<string, number>>();
  for (const [entry, n] of perEntry.entries()) {
    const e = entries[entry];
    if (!e || n === 0 || e.sourceId === null) continue;
    const id = `${e.group}.${e.name}`;
    const bySource = supply.get(id) ?? new Map<string, number>();
    bySource.set(e.sourceId, n);
    supply.set(id, bySource);
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
        const source = byId.get(sourceId);
        if (retiredIds.has(sourceId)) profiles += n;
        // A source the inventory has retired, or not started yet, replaces nothing today.
        else if (
          source &&
          (source.party === "zero" || source.party === "first") &&
          sourceStatus(source, today) === "active"
        )
          replacements.push({ ...ref(sourceId), profiles: n });
      }
      replacements.sort((a, b) => b.profiles - a.profiles || a.key.localeCompare(b.key));
      return { group, attribute: name, name, key: keyAttributes.has(id), profiles, replacements };
    })
    .filter((a) => a.profiles > 0)
    .sort(
      (a, b) =>
        b.profiles - a.profiles ||
        a.group.localeCompare(b.group) ||
        a.attribute.localeCompare(b.attribute),
    );

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
