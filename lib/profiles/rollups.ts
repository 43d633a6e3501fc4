import "server-only";
/**
 * The profile aggregates (profile_summary, profile_fill, profile_reach) are corrected by deltas:
 * what a profile contributed before a write is subtracted, what it contributes after is added,
 * all in the writing transaction. `rebuildProfileRollups` recomputes them from the rows, for
 * bulk loads and to prove the deltas right.
 */
import { sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "@/db/connect";
import { profileViews } from "./schema";
import { bucketOf, is360, type Derived, type PresentAttribute } from "./score";
import { entryKey, type SourcedAttribute } from "./source-sets";
import { inOrder, records, rowsOf } from "@/lib/sql-rows";
import { isoDay, now } from "@/lib/clock";

export type Contribution = {
  region: string;
  derived: Derived;
  resolved: boolean;
  attributes: PresentAttribute[];
  /** The profile's source set (lib/profiles/source-sets); left out when a write keeps it. */
  sources?: string;
};

type SummaryDelta = { profiles: number; micros: number; p360: number; resolved: number };
type ReachChange = {
  subjectId: string;
  before: { region: string; resolved: boolean } | null;
  after: { region: string; resolved: boolean };
};

export function emptyDeltas() {
  const summary = new Map<string, SummaryDelta>();
  const fill = new Map<string, number>();
  const reach: ReachChange[] = [];
  const sourceSets = new Map<string, number>();
  const daily: SummaryDelta = { profiles: 0, micros: 0, p360: 0, resolved: 0 };
  const apply = (c: Contribution, sign: 1 | -1) => {
    for (const view of profileViews) {
      const score = c.derived[view] ?? { c: 0, g: 0 };
      const key = JSON.stringify([c.region, view, bucketOf(score.c)]);
      const d = summary.get(key) ?? { profiles: 0, micros: 0, p360: 0, resolved: 0 };
      d.profiles += sign;
      d.micros += sign * Math.round(score.c * 1e6);
      d.p360 += sign * (is360(score) ? 1 : 0);
      d.resolved += sign * (c.resolved ? 1 : 0);
      summary.set(key, d);
      if (view === "all") {
        daily.profiles += sign;
        daily.micros += sign * Math.round(score.c * 1e6);
        daily.p360 += sign * (is360(score) ? 1 : 0);
        daily.resolved += sign * (c.resolved ? 1 : 0);
      }
    }
    for (const a of c.attributes) {
      const key = JSON.stringify([c.region, a.party ?? "unknown", a.group, a.name]);
      fill.set(key, (fill.get(key) ?? 0) + sign);
    }
    if (c.sources !== undefined) sourceSets.set(c.sources, (sourceSets.get(c.sources) ?? 0) + sign);
  };
  return {
    summary,
    fill,
    reach,
    sourceSets,
    daily,
    add: (c: Contribution) => apply(c, 1),
    subtract: (c: Contribution) => apply(c, -1),
    reachChange(subjectId: string, before: ReachChange["before"], after: ReachChange["after"]) {
      const same = before && before.region === after.region && before.resolved === after.resolved;
      if (!same && (before?.resolved || after.resolved)) reach.push({ subjectId, before, after });
    },
  };
}
export type ProfileDeltas = ReturnType<typeof emptyDeltas>;

/** Writes the deltas; the day's move of the figures is filed under `day` (today by default). */
export async function applyProfileDeltas(
  tx: Tx,
  deltas: ProfileDeltas,
  day = isoDay(now()),
): Promise<void> {
  const statements: SQL[] = [];
  const summary = [...deltas.summary]
    .filter(([, d]) => d.profiles || d.micros || d.p360 || d.resolved)
    .map(([key, d]) => {
      const [region, view, bucket] = JSON.parse(key) as [string, string, number];
      return { region, view, bucket, ...d };
    });
  if (summary.length) {
    statements.push(sql`
      insert into profile_summary as s (region, view, bucket, profiles, completeness_micros, profiles360, resolved)
      select region, view, bucket, profiles, micros, p360, resolved
      from ${records(summary)}
        as x(region text, view text, bucket smallint, profiles integer, micros bigint, p360 integer, resolved integer)
      order by region, view, bucket
      on conflict (region, view, bucket) do update set
        profiles = s.profiles + excluded.profiles,
        completeness_micros = s.completeness_micros + excluded.completeness_micros,
        profiles360 = s.profiles360 + excluded.profiles360,
        resolved = s.resolved + excluded.resolved`);
  }
  const fill = [...deltas.fill]
    .filter(([, n]) => n !== 0)
    .map(([key, n]) => {
      const [region, party, group, name] = JSON.parse(key) as string[];
      return { region, party, group, name, n };
    });
  if (fill.length) {
    statements.push(sql`
      insert into profile_fill as f (region, party, "group", name, profiles)
      select region, party, "group", name, n
      from ${records(fill)}
        as x(region text, party text, "group" text, name text, n integer)
      order by region, party, "group", name
      on conflict (region, party, "group", name) do update set profiles = f.profiles + excluded.profiles`);
  }
  const sets = [...deltas.sourceSets]
    .filter(([, n]) => n !== 0)
    .map(([signature, n]) => ({ signature, n }));
  if (sets.length) {
    statements.push(sql`
      insert into profile_source_sets as s (signature, profiles)
      select signature, n from ${records(sets)}
        as x(signature text, n integer)
      order by signature collate "C"
      on conflict (signature) do update set profiles = s.profiles + excluded.profiles`);
  }
  const d = deltas.daily;
  if (d.profiles || d.micros || d.p360 || d.resolved) {
    statements.push(sql`
      insert into profile_daily as p (day, profiles, completeness_micros, profiles360, resolved)
      values (${day}, ${d.profiles}, ${d.micros}, ${d.p360}, ${d.resolved})
      on conflict (day) do update set
        profiles = p.profiles + excluded.profiles,
        completeness_micros = p.completeness_micros + excluded.completeness_micros,
        profiles360 = p.profiles360 + excluded.profiles360,
        resolved = p.resolved + excluded.resolved`);
  }
  if (deltas.reach.length) {
    const changes = deltas.reach.map((r) => ({
      subject_id: r.subjectId,
      old_region: r.before?.resolved ? r.before.region : null,
      new_region: r.after.resolved ? r.after.region : null,
    }));
    // The subjects are locked by the caller, so their consent state cannot move under us.
    statements.push(sql`
      with ch as (
        select * from ${records(changes)}
          as x(subject_id text, old_region text, new_region text)
      ),
      latest as (
        select distinct on (e.subject_id, e.purpose_id) e.subject_id, e.purpose_id, e.action
        from consent_events e
        where e.subject_id in (select subject_id from ch)
        order by e.subject_id, e.purpose_id, e.occurred_at desc, e.event_id desc
      ),
      d as (
        select ch.old_region as region, l.purpose_id, -1 as n
        from ch join latest l using (subject_id) where l.action = 'grant' and ch.old_region is not null
        union all
        select ch.new_region, l.purpose_id, 1
        from ch join latest l using (subject_id) where l.action = 'grant' and ch.new_region is not null
      )
      insert into profile_reach as r (region, purpose_id, profiles)
      select region, purpose_id, sum(n) from d group by region, purpose_id having sum(n) <> 0
      order by region, purpose_id
      on conflict (region, purpose_id) do update set profiles = r.profiles + excluded.profiles`);
  }
  // Each writes a table of its own, its rows in key order.
  await inOrder(tx, statements);
}

/**
 * Numbers every (attribute, source) pair the stored attributes hold that has none yet, then gives
 * each profile's source set (lib/profiles/source-sets) computed from the stored rows, as
 * `(subject_id, signature)`. Migration 0019 runs the same statements.
 */
export const numberSourceSetEntries = sql`
  insert into source_set_entries ("group", name, source_id)
  select distinct "group", name, source_id from profile_attributes
  order by 1, 2, 3
  on conflict do nothing`;
export const profileSignatures = sql`
  select p.subject_id, coalesce(a.signature, '') as signature
  from profiles p
  left join (
    select x.subject_id, string_agg(e.id::text, ',' order by e.id) as signature
    from profile_attributes x
    join source_set_entries e
      on e."group" = x."group" and e.name = x.name
     and coalesce(e.source_id, '00000000-0000-0000-0000-000000000000'::uuid)
       = coalesce(x.source_id, '00000000-0000-0000-0000-000000000000'::uuid)
    group by x.subject_id
  ) a on a.subject_id = p.subject_id`;

/** Recomputes profile_reach from the consent log and the profiles (inside `tx`). */
export async function rebuildProfileReach(tx: Tx): Promise<void> {
  await tx.execute(sql`delete from profile_reach where true`);
  await tx.execute(sql`
    insert into profile_reach (region, purpose_id, profiles)
    select p.region, l.purpose_id, count(*)
    from (
      select distinct on (subject_id, purpose_id) subject_id, purpose_id, action
      from consent_events
      order by subject_id, purpose_id, occurred_at desc, event_id desc
    ) l
    join profiles p on p.subject_id = l.subject_id
    where l.action = 'grant' and p.identifier_types >= 2
    group by p.region, l.purpose_id`);
}

/** Recomputes every profile aggregate from the stored profiles and attributes. */
export async function rebuildProfileRollups(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`delete from profile_summary where true`);
    await tx.execute(sql`delete from profile_fill where true`);
    await tx.execute(sql`delete from profile_source_sets where true`);
    await tx.execute(sql`
      insert into profile_summary (region, view, bucket, profiles, completeness_micros, profiles360, resolved)
      select p.region, v.key,
             least(9, greatest(0, floor((v.value->>'c')::float8 * 10 + 1e-9)))::smallint,
             count(*), sum(round((v.value->>'c')::numeric * 1000000)),
             count(*) filter (where (v.value->>'g')::int = 5),
             count(*) filter (where p.identifier_types >= 2)
      from profiles p cross join lateral jsonb_each(p.derived) v
      group by 1, 2, 3`);
    await tx.execute(sql`
      insert into profile_fill (region, party, "group", name, profiles)
      select p.region, coalesce(a.party, 'unknown'), a."group", a.name, count(*)
      from profile_attributes a
      join profiles p on p.subject_id = a.subject_id
      group by 1, 2, 3, 4`);
    await tx.execute(numberSourceSetEntries);
    await tx.execute(sql`
      insert into profile_source_sets (signature, profiles)
      select signature, count(*) from (${profileSignatures}) s
      group by signature`);
    await rebuildProfileReach(tx);
    // The history stays; today's row takes whatever the days' sum lacks of the rebuilt totals.
    await tx.execute(sql`
      insert into profile_daily as p (day, profiles, completeness_micros, profiles360, resolved)
      select ${isoDay(now())}::date, x.profiles, x.micros, x.p360, x.resolved
      from (
        select coalesce(s.profiles, 0) - coalesce(h.profiles, 0) as profiles,
               coalesce(s.micros, 0) - coalesce(h.micros, 0) as micros,
               coalesce(s.p360, 0) - coalesce(h.p360, 0) as p360,
               coalesce(s.resolved, 0) - coalesce(h.resolved, 0) as resolved
        from (select sum(profiles) as profiles, sum(completeness_micros) as micros,
                     sum(profiles360) as p360, sum(resolved) as resolved
              from profile_summary where view = 'all') s,
             (select sum(profiles) as profiles, sum(completeness_micros) as micros,
                     sum(profiles360) as p360, sum(resolved) as resolved
              from profile_daily) h
      ) x
      where x.profiles <> 0 or x.micros <> 0 or x.p360 <> 0 or x.resolved <> 0
      on conflict (day) do update set
        profiles = p.profiles + excluded.profiles,
        completeness_micros = p.completeness_micros + excluded.completeness_micros,
        profiles360 = p.profiles360 + excluded.profiles360,
        resolved = p.resolved + excluded.resolved`);
  });
}

/** The number of each (attribute, source) pair in `entries`, numbering those that have none. */
export async function sourceSetEntryIds(
  tx: Tx,
  entries: Iterable<SourcedAttribute>,
): Promise<Map<string, number>> {
  const wanted = new Map<string, SourcedAttribute>();
  for (const e of entries) wanted.set(entryKey(e), e);
  const ids = new Map<string, number>();
  if (wanted.size === 0) return ids;
  const list = [...wanted.values()].map((e) => ({
    group: e.group,
    name: e.name,
    source_id: e.sourceId,
  }));
  const read = async () => {
    const rows = rowsOf<{ id: number; group: string; name: string; source_id: string | null }>(
      await tx.execute(sql`
        select e.id, e."group", e.name, e.source_id
        from source_set_entries e
        join ${records(list)} as x("group" text, name text, source_id uuid)
          on e."group" = x."group" and e.name = x.name
         and coalesce(e.source_id, '00000000-0000-0000-0000-000000000000'::uuid)
           = coalesce(x.source_id, '00000000-0000-0000-0000-000000000000'::uuid)`),
    );
    for (const r of rows)
      ids.set(entryKey({ group: r.group, name: r.name, sourceId: r.source_id }), r.id);
  };
  await read();
  const missing = [...wanted]
    .filter(([key]) => !ids.has(key))
    .map(([, e]) => ({ group: e.group, name: e.name, source_id: e.sourceId }));
  if (missing.length > 0) {
    // New pairs only, numbered in one statement (a concurrent writer's numbers win).
    await tx.execute(sql`
      insert into source_set_entries ("group", name, source_id)
      select "group", name, source_id
      from ${records(missing)} as x("group" text, name text, source_id uuid)
      order by 1, 2, 3
      on conflict do nothing`);
    await read();
  }
  return ids;
}
