import "server-only";
/**
 * Deterministic identity resolution. Profiles that share a normalized identifier of a matching
 * type are one person: the connected component of the graph whose edges are shared values. A
 * value carried by more profiles than the configured maximum is flagged and joins nobody. A
 * person's id is the smallest subject id among its profiles, so any order of writes, and a full
 * rebuild, give the same answer.
 *
 * Kept incrementally in the transaction of every profile write, in two steps around the write:
 * `beginIdentityChange` (before: takes the identity lock, reads the changed values as they were)
 * and `finish` (after: recomputes the components those values touch, rewrites the persons they
 * form, and corrects the person aggregates by the exact difference). Which components can change
 * is bounded: only the values the written profiles carried before or carry now gain or lose
 * carriers, so only the components holding one of those carriers (before or after) can merge or
 * split. Those are walked again from scratch: their old members, then breadth first through
 * shared values in the graph as it is now.
 *
 * The identity lock serialises identity changes (each sees the others' committed writes); the
 * subject locks of every profile whose person is rewritten keep consent ingestion, which corrects
 * person reach, from counting on a membership that is being changed.
 */
import { sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "@/db/connect";
import { inOrder, records, rowsOf, texts } from "@/lib/sql-rows";
import { readSetting } from "@/lib/settings";
import { lockAllSubjects, lockSubjects } from "@/lib/subject-lock";
import { profileViews, type CompletenessModel } from "@/lib/profiles/schema";
import { getCompletenessModel, shareModelLock } from "@/lib/profiles/current-model";
import { bucketOf, derive, is360, type Derived, type PresentAttribute } from "@/lib/profiles/score";
import type { Party } from "@/lib/sources/schema";
import {
  capOf,
  MATCHING_SETTING,
  matchingConfigOf,
  UNCAPPED_TYPES,
  type MatchingConfig,
} from "./config";

export type IdentifierValue = { type: string; normalized: string };

/** The key of the one lock every identity change takes (an advisory lock: `hashtext` of it). */
export const IDENTITY_LOCK_KEY = "firstparty:identity";
const IDENTITY_LOCK = sql`select pg_advisory_xact_lock(hashtext(${IDENTITY_LOCK_KEY}))`;

export async function getMatchingConfig(db: Db | Tx): Promise<MatchingConfig> {
  return matchingConfigOf(await readSetting(db, MATCHING_SETTING));
}

/** The identifier types stored profiles carry (for the admin's choice of matching types). */
export async function identifierTypesInUse(db: Db): Promise<string[]> {
  const rows = rowsOf<{ type: string }>(
    await db.execute(sql`
      with recursive t as (
        (select type from profile_identifiers order by type limit 1)
        union all
        select (select i.type from profile_identifiers i where i.type > t.type order by i.type limit 1)
        from t where t.type is not null
      )
      select type from t where type is not null`),
  );
  return rows.map((r) => r.type);
}

const valueKey = (v: IdentifierValue) => `${v.type}\u0000${v.normalized}`;

/** One profile starting (+1) or ending (−1) to carry a value, in the profile's region. */
export type CarrierChange = IdentifierValue & { subjectId: string; region: string; sign: 1 | -1 };

/** A value's carriers: how many in each profile region, and which profiles. */
type Carriers = { byRegion: Map<string, number>; subjects: Set<string> };
type ValueStats = Map<string, Carriers>;

/** The carriers of `values`, and each carrier's person (into `personOf`). */
async function valueStats(
  tx: Tx,
  values: IdentifierValue[],
  personOf: Map<string, string>,
): Promise<ValueStats> {
  const out: ValueStats = new Map();
  if (values.length === 0) return out;
  const rows = rowsOf<{
    type: string;
    normalized: string;
    region: string;
    subjects: string[];
    persons: string[];
  }>(
    await tx.execute(sql`
      select i.type, i.normalized, p.region,
        array_agg(i.subject_id order by i.subject_id) as subjects,
        array_agg(p.person_id order by i.subject_id) as persons
      from ${records(values)} as x(type text, normalized text)
      join profile_identifiers i on i.normalized = x.normalized and i.type = x.type
      join profiles p on p.subject_id = i.subject_id
      group by 1, 2, 3`),
  );
  for (const r of rows) {
    const key = valueKey(r);
    const carriers = out.get(key) ?? { byRegion: new Map<string, number>(), subjects: new Set() };
    carriers.byRegion.set(r.region, r.subjects.length);
    r.subjects.forEach((s, i) => {
      carriers.subjects.add(s);
      personOf.set(s, r.persons[i]!);
    });
    out.set(key, carriers);
  }
  return out;
}

/**
 * The carriers after a write, from those before and the write's own changes (the identity lock
 * keeps every other writer out meanwhile): endings first, so a profile that moved region and
 * keeps the value ends at the old region and starts again at the new one.
 */
function applyChanges(before: ValueStats, changes: CarrierChange[]): ValueStats {
  const after: ValueStats = new Map(
    [...before].map(([key, c]) => [
      key,
      { byRegion: new Map(c.byRegion), subjects: new Set(c.subjects) },
    ]),
  );
  for (const c of [...changes].sort((a, b) => a.sign - b.sign)) {
    const key = valueKey(c);
    const carriers = after.get(key) ?? { byRegion: new Map<string, number>(), subjects: new Set() };
    carriers.byRegion.set(c.region, (carriers.byRegion.get(c.region) ?? 0) + c.sign);
    if (c.sign === 1) carriers.subjects.add(c.subjectId);
    else carriers.subjects.delete(c.subjectId);
    after.set(key, carriers);
  }
  return after;
}

const total = (carriers: Carriers | undefined) => carriers?.subjects.size ?? 0;

/** True when a value of `type` carried by `n` profiles links them: shared, and not by too many. */
export const links = (n: number, config: MatchingConfig, type: string) =>
  n >= 2 && n <= capOf(type, config);

/** SQL: whether `n` carriers of a value of the type in `type` are too many (capOf). */
export const tooMany = (n: SQL, type: SQL, config: MatchingConfig) =>
  sql`(${n} > ${config.maxProfiles} and ${type} not in ${texts(UNCAPPED_TYPES)})`;

// ── counting ───────────────────────────────────────────────────────────────────

type PersonRow = {
  personId: string;
  region: string;
  profiles: number;
  identifierTypes: number;
  derived: Derived;
  attributes: [string, string, Party | null][];
};

const partyRank: Record<string, number> = { zero: 0, first: 1, second: 2, third: 3 };
const rankOf = (party: Party | null) => (party === null ? 4 : partyRank[party]!);

/** Each attribute once, under the best party that supplied it (zero before first … unknown last). */
export function personAttributes(
  attrs: Iterable<PresentAttribute>,
): [string, string, Party | null][] {
  const best = new Map<string, PresentAttribute>();
  for (const a of attrs) {
    const key = `${a.group}.${a.name}`;
    const seen = best.get(key);
    if (!seen || rankOf(a.party) < rankOf(seen.party)) best.set(key, a);
  }
  return [...best.values()]
    .sort((a, b) => a.group.localeCompare(b.group) || a.name.localeCompare(b.name))
    .map((a) => [a.group, a.name, a.party]);
}

/** Signed changes to the person aggregates, keyed by their primary keys. */
class PersonDeltas {
  readonly summary = new Map<
    string,
    { persons: number; micros: number; p360: number; resolved: number }
  >();
  readonly fill = new Map<string, number>();
  readonly sizes = new Map<string, number>();
  readonly reach = new Map<string, number>();
  readonly match = new Map<string, { profiles: number; matched: number }>();

  person(p: PersonRow, sign: 1 | -1): void {
    const resolved = p.identifierTypes >= 2 ? 1 : 0;
    for (const view of profileViews) {
      const score = p.derived[view] ?? { c: 0, g: 0 };
      const key = JSON.stringify([p.region, view, bucketOf(score.c)]);
      const d = this.summary.get(key) ?? { persons: 0, micros: 0, p360: 0, resolved: 0 };
      d.persons += sign;
      d.micros += sign * Math.round(score.c * 1e6);
      d.p360 += sign * (is360(score) ? 1 : 0);
      d.resolved += sign * resolved;
      this.summary.set(key, d);
    }
    for (const [group, name, party] of p.attributes) {
      const key = JSON.stringify([p.region, party ?? "unknown", group, name]);
      this.fill.set(key, (this.fill.get(key) ?? 0) + sign);
    }
    const size = JSON.stringify([p.region, p.profiles]);
    this.sizes.set(size, (this.sizes.get(size) ?? 0) + sign);
  }

  /** A person counted as consented to a purpose (identity-resolved persons only). */
  grant(p: PersonRow, purposeId: string, sign: 1 | -1) {
    if (p.identifierTypes < 2) return;
    const key = JSON.stringify([p.region, purposeId]);
    this.reach.set(key, (this.reach.get(key) ?? 0) + sign);
  }

  matchRow(region: string, type: string, profiles: number, matched: number) {
    const key = JSON.stringify([region, type]);
    const d = this.match.get(key) ?? { profiles: 0, matched: 0 };
    d.profiles += profiles;
    d.matched += matched;
    this.match.set(key, d);
  }

  async apply(tx: Tx): Promise<void> {
    await inOrder(tx, this.statements());
  }

  /** The statements that add these deltas, one per table (each table's rows in key order). */
  statements(): SQL[] {
    const rows = <T extends object>(
      map: Map<string, T>,
      keys: string[],
      nonZero: (v: T) => boolean,
    ) =>
      [...map]
        .filter(([, v]) => nonZero(v))
        .map(([k, v]) => ({
          ...Object.fromEntries((JSON.parse(k) as unknown[]).map((x, i) => [keys[i]!, x])),
          ...v,
        }));
    const counts = (map: Map<string, number>) =>
      new Map([...map].map(([k, n]) => [k, { n }] as const));
    return [
      addCounts(
        "person_summary",
        [
          ["region", "text"],
          ["view", "text"],
          ["bucket", "smallint"],
        ],
        [
          ["persons", "integer", "persons"],
          ["completeness_micros", "bigint", "micros"],
          ["persons360", "integer", "p360"],
          ["resolved", "integer", "resolved"],
        ],
        rows(
          this.summary,
          ["region", "view", "bucket"],
          (d) => !!(d.persons || d.micros || d.p360 || d.resolved),
        ),
      ),
      addCounts(
        "person_fill",
        [
          ["region", "text"],
          ["party", "text"],
          ["group", "text"],
          ["name", "text"],
        ],
        [["persons", "integer", "n"]],
        rows(counts(this.fill), ["region", "party", "group", "name"], (d) => d.n !== 0),
      ),
      addCounts(
        "person_sizes",
        [
          ["region", "text"],
          ["size", "integer"],
        ],
        [["persons", "integer", "n"]],
        rows(counts(this.sizes), ["region", "size"], (d) => d.n !== 0),
      ),
      addCounts(
        "person_reach",
        [
          ["region", "text"],
          ["purpose_id", "uuid"],
        ],
        [["persons", "integer", "n"]],
        rows(counts(this.reach), ["region", "purpose_id"], (d) => d.n !== 0),
      ),
      addCounts(
        "identity_match",
        [
          ["region", "text"],
          ["type", "text"],
        ],
        [
          ["profiles", "integer", "profiles"],
          ["matched", "integer", "matched"],
        ],
        rows(this.match, ["region", "type"], (d) => !!(d.profiles || d.matched)),
      ),
    ].flat();
  }
}

/**
 * The statement that adds signed counts to an aggregate table (none when there are no rows),
 * rows in key order (two writers lock the same rows in the same order and cannot deadlock on
 * them).
 */
function addCounts(
  table: string,
  keys: [column: string, type: string][],
  counters: [column: string, type: string, field: string][],
  rows: Record<string, unknown>[],
): SQL[] {
  if (rows.length === 0) return [];
  const q = (c: string) => `"${c}"`;
  const keyList = keys.map(([c]) => q(c)).join(", ");
  const fields = [...keys.map(([c, t]) => [c, t, c] as const), ...counters];
  return [
    sql`
    insert into ${sql.raw(table)} as t (${sql.raw(fields.map(([c]) => q(c)).join(", "))})
    select ${sql.raw(fields.map(([, , f]) => q(f)).join(", "))}
    from ${records(rows)}
      as x(${sql.raw(fields.map(([, t, f]) => `${q(f)} ${t}`).join(", "))})
    order by ${sql.raw(keyList)}
    on conflict (${sql.raw(keyList)}) do update set
      ${sql.raw(counters.map(([c]) => `${q(c)} = t.${q(c)} + excluded.${q(c)}`).join(", "))}`,
  ];
}

/**
 * The purposes each person has granted (their latest decision under any of their subject ids is
 * a grant), before and after a change of membership, from one read of the members' latest
 * decisions: `members` gives each subject's person before and after.
 */
async function grantsBeforeAndAfter(
  tx: Tx,
  members: { subject_id: string; before: string; after: string }[],
): Promise<{ side: "before" | "after"; person_id: string; purpose_id: string }[]> {
  if (members.length === 0) return [];
  return rowsOf(
    await tx.execute(sql`
      with latest as materialized (
        select m.before, m.after, d.purpose_id, d.action, d.occurred_at, d.event_id
        from ${records(members)} as m(subject_id text, before text, after text)
        cross join lateral (
          select distinct on (e.purpose_id) e.purpose_id, e.action, e.occurred_at, e.event_id
          from consent_events e
          where e.subject_id = m.subject_id
          order by e.purpose_id, e.occurred_at desc, e.event_id desc
        ) d
      )
      select 'before' as side, person_id, purpose_id from (
        select distinct on (before, purpose_id) before as person_id, purpose_id, action
        from latest order by before, purpose_id, occurred_at desc, event_id desc
      ) b where action = 'grant'
      union all
      select 'after', person_id, purpose_id from (
        select distinct on (after, purpose_id) after as person_id, purpose_id, action
        from latest order by after, purpose_id, occurred_at desc, event_id desc
      ) a where action = 'grant'`),
  );
}

function matchDeltas(
  deltas: PersonDeltas,
  values: IdentifierValue[],
  before: ValueStats,
  after: ValueStats,
  config: MatchingConfig,
) {
  for (const v of values) {
    const key = valueKey(v);
    const b = before.get(key)?.byRegion ?? new Map<string, number>();
    const a = after.get(key)?.byRegion ?? new Map<string, number>();
    const linkedBefore = links(total(before.get(key)), config, v.type);
    const linkedAfter = links(total(after.get(key)), config, v.type);
    for (const region of new Set([...b.keys(), ...a.keys()])) {
      const nb = b.get(region) ?? 0;
      const na = a.get(region) ?? 0;
      deltas.matchRow(region, v.type, na - nb, (linkedAfter ? na : 0) - (linkedBefore ? nb : 0));
    }
  }
}

// ── components ─────────────────────────────────────────────────────────────────

/** Union-find over subject ids; each set's name is its smallest member. */
export class Components {
  private parent = new Map<string, string>();
  add(id: string): void {
    if (!this.parent.has(id)) this.parent.set(id, id);
  }
  find(id: string): string {
    let root = id;
    while (this.parent.get(root) !== root) root = this.parent.get(root)!;
    for (let at = id; at !== root;) {
      const next = this.parent.get(at)!;
      this.parent.set(at, root);
      at = next;
    }
    return root;
  }
  union(ids: readonly string[]): void {
    for (const id of ids) this.add(id);
    let root = this.find(ids[0]!);
    for (const id of ids.slice(1)) {
      const other = this.find(id);
      if (other === root) continue;
      // The smaller id stays the root, so the root is always the smallest member.
      if (other < root) {
        this.parent.set(root, other);
        root = other;
      } else this.parent.set(other, root);
    }
  }
  /** Member → person id (the smallest member of its set). */
  assignment(): Map<string, string> {
    return new Map([...this.parent.keys()].map((id) => [id, this.find(id)]));
  }
}

/**
 * The components of the graph as it is now that contain `start`: breadth first through values of
 * matching types shared by at least 2 and at most `maxProfiles` profiles.
 */
async function walk(tx: Tx, start: Set<string>, config: MatchingConfig): Promise<Components> {
  const components = new Components();
  for (const id of start) components.add(id);
  const visited = new Set(start);
  const seenValues = new Set<string>();
  let frontier = [...start];
  while (frontier.length > 0 && config.types.length > 0) {
    const values = rowsOf<IdentifierValue>(
      await tx.execute(sql`
        select distinct i.type, i.normalized
        from profile_identifiers i
        where i.subject_id in ${texts(frontier)} and i.normalized is not null
          and i.type in ${texts(config.types)}`),
    ).filter((v) => !seenValues.has(valueKey(v)));
    for (const v of values) seenValues.add(valueKey(v));
    frontier = [];
    if (values.length === 0) break;
    const carriers = rowsOf<IdentifierValue & { subjects: string[] }>(
      await tx.execute(sql`
        select x.type, x.normalized, case when x.type in ${texts(UNCAPPED_TYPES)} then array(
          select j.subject_id from profile_identifiers j
          where j.normalized = x.normalized and j.type = x.type
          order by j.subject_id
        ) else array(
          select j.subject_id from profile_identifiers j
          where j.normalized = x.normalized and j.type = x.type
          order by j.subject_id limit ${config.maxProfiles + 1}
        ) end as subjects
        from ${records(values)} as x(type text, normalized text)`),
    );
    for (const c of carriers) {
      if (!links(c.subjects.length, config, c.type)) continue;
      components.union(c.subjects);
      for (const s of c.subjects) {
        if (visited.has(s)) continue;
        visited.add(s);
        frontier.push(s);
      }
    }
  }
  return components;
}

// ── persons ────────────────────────────────────────────────────────────────────

/** What a profile contributes to a person: its region, attributes, identifier types and scores. */
type ProfileState = {
  region: string;
  attributes: PresentAttribute[];
  types: string[];
  derived: Derived;
};

/**
 * A profile as its writer holds it after the write (what forming its person needs of it), and,
 * when it was stored before, its scores and attributes as they were: a person of one profile
 * keeps no copy of them (see `writePersons`), so its old contribution is taken from here.
 */
export type WrittenProfile = ProfileState & {
  before?: { derived: Derived; attributes: PresentAttribute[] };
};

/** Stored profiles as forming their persons needs them: one row each, in one statement. */
async function readProfiles(tx: Tx, subjectIds: string[]): Promise<Map<string, ProfileState>> {
  const out = new Map<string, ProfileState>();
  if (subjectIds.length === 0) return out;
  const rows = rowsOf<{
    subject_id: string;
    region: string;
    derived: Derived;
    types: string[];
    attrs: [string, string, Party | null][];
  }>(
    await tx.execute(sql`
      select m.subject_id, m.region, m.derived,
        coalesce((
          select jsonb_agg(i.type) from profile_identifiers i where i.subject_id = m.subject_id
        ), '[]'::jsonb) as types,
        coalesce((
          select jsonb_agg(jsonb_build_array(a."group", a.name, a.party))
          from profile_attributes a where a.subject_id = m.subject_id
        ), '[]'::jsonb) as attrs
      from profiles m where m.subject_id in ${texts(subjectIds)}`),
  );
  for (const r of rows)
    out.set(r.subject_id, {
      region: r.region,
      derived: r.derived,
      types: r.types,
      attributes: r.attrs.map(([group, name, party]) => ({ group, name, party })),
    });
  return out;
}

/** The person rows of the given assignment (member → person id), scored with `model`. */
function buildPersons(
  assignment: Map<string, string>,
  model: Pick<CompletenessModel, "attributes">,
  profiles: ReadonlyMap<string, ProfileState>,
): PersonRow[] {
  type P = {
    region: string;
    size: number;
    attrs: PresentAttribute[];
    types: Set<string>;
    derived: Derived;
  };
  const persons = new Map<string, P>();
  for (const [subjectId, id] of assignment) {
    const profile = profiles.get(subjectId);
    if (!profile) throw new Error(`Profile ${subjectId} was not read for its person.`);
    let p = persons.get(id);
    if (!p)
      persons.set(
        id,
        (p = { region: "", size: 0, attrs: [], types: new Set(), derived: profile.derived }),
      );
    p.size++;
    if (subjectId === id) p.region = profile.region;
    p.attrs.push(...profile.attributes);
    for (const type of profile.types) p.types.add(type);
  }
  return [...persons].map(([personId, p]) =>
    personRow(personId, p.region, p.size, p.types.size, p.attrs, model, p.derived),
  );
}

/**
 * A person's row from what its profiles hold together. A person of one profile is scored as
 * that profile is (`own`: under the model it was scored with, while a rescoring job is still on
 * its way); a person of several, under `model`.
 */
function personRow(
  personId: string,
  region: string,
  profiles: number,
  identifierTypes: number,
  attrs: Iterable<PresentAttribute>,
  model: Pick<CompletenessModel, "attributes">,
  own?: Derived,
): PersonRow {
  const attributes = personAttributes(attrs);
  return {
    personId,
    region,
    profiles,
    identifierTypes,
    derived:
      profiles === 1 && own
        ? own
        : derive(
            attributes.map(([group, name, party]) => ({ group, name, party })),
            model,
          ),
    attributes,
  };
}

/**
 * Stores person rows. A person of one profile (most customers) is stored without scores and
 * attributes: they are its profile's, read from there when needed (null in `derived` and
 * `attributes` means "as its only profile"), which keeps the table narrow and a rebuild cheap.
 */
async function writePersons(tx: Tx, rows: PersonRow[]): Promise<void> {
  for (const statement of personStatements(rows)) await tx.execute(statement);
}

function personStatements(rows: PersonRow[]): SQL[] {
  const statements: SQL[] = [];
  for (let i = 0; i < rows.length; i += 5_000) {
    const chunk = rows.slice(i, i + 5_000).map((p) => ({
      person_id: p.personId,
      region: p.region,
      profiles: p.profiles,
      identifier_types: p.identifierTypes,
      derived: p.profiles === 1 ? null : p.derived,
      attributes: p.profiles === 1 ? null : p.attributes,
    }));
    statements.push(sql`
      insert into persons (person_id, region, profiles, identifier_types, derived, attributes)
      select person_id, region, profiles, identifier_types, derived, attributes
      from ${records(chunk)} as x(person_id text, region text, profiles integer,
        identifier_types integer, derived jsonb, attributes jsonb)
      on conflict (person_id) do update set
        region = excluded.region, profiles = excluded.profiles,
        identifier_types = excluded.identifier_types, derived = excluded.derived,
        attributes = excluded.attributes`);
  }
  return statements;
}

function personIdStatements(changes: { subject_id: string; person_id: string }[]): SQL[] {
  const statements: SQL[] = [];
  for (let i = 0; i < changes.length; i += 10_000) {
    statements.push(sql`
      update profiles p set person_id = x.person_id
      from ${records(changes.slice(i, i + 10_000))}
        as x(subject_id text, person_id text)
      where p.subject_id = x.subject_id and p.person_id <> x.person_id`);
  }
  return statements;
}

type StoredPerson = {
  person_id: string;
  region: string;
  profiles: number;
  identifier_types: number;
  derived: Derived | null;
  attributes: [string, string, Party | null][] | null;
};

async function readPersons(tx: Tx, ids: Iterable<string>): Promise<StoredPerson[]> {
  return rowsOf<StoredPerson>(
    await tx.execute(sql`
      select person_id, region, profiles, identifier_types, derived, attributes
      from persons where person_id in ${texts(ids)}`),
  );
}

/**
 * The stored persons as they were before this change. A person of one profile takes its scores
 * and attributes from that profile: from before the write when it was just written, as stored
 * otherwise (`stored`).
 */
function oldPersons(
  rows: StoredPerson[],
  written: ReadonlyMap<string, WrittenProfile>,
  stored: ReadonlyMap<string, ProfileState>,
): PersonRow[] {
  return rows.map((r) => {
    const own =
      r.derived === null
        ? (written.get(r.person_id)?.before ?? stored.get(r.person_id) ?? null)
        : null;
    if (r.derived === null && own === null)
      throw new Error(`Person ${r.person_id} has no stored profile to take its figures from.`);
    return {
      personId: r.person_id,
      region: r.region,
      profiles: r.profiles,
      identifierTypes: r.identifier_types,
      derived: own ? own.derived : r.derived!,
      attributes: own ? personAttributes(own.attributes) : r.attributes!,
    };
  });
}

export type IdentityChange = {
  /** After the profiles are written: recompute the persons they belong to. */
  finish(
    written: ReadonlyMap<string, WrittenProfile>,
    model: Pick<CompletenessModel, "attributes">,
  ): Promise<void>;
};

/**
 * Starts an identity change inside a profile-writing transaction, before anything is written.
 * `changes` are the write's changes to who carries which normalized identifier: every value a
 * written profile stops carrying (−1, in its old region) or starts carrying (+1, in its new
 * region; a profile that moves region ends and starts again every value it keeps). Values of
 * types that do not match are ignored.
 */
export async function beginIdentityChange(
  tx: Tx,
  changes: CarrierChange[],
): Promise<IdentityChange> {
  await tx.execute(IDENTITY_LOCK);
  const config = await getMatchingConfig(tx);
  const types = new Set(config.types);
  const relevant = changes.filter((c) => types.has(c.type));
  const values = [...new Map(relevant.map((c) => [valueKey(c), c])).values()].map(
    ({ type, normalized }) => ({ type, normalized }),
  );
  // Each carrier's person as it was (person ids change only under the identity lock).
  const personOf = new Map<string, string>();
  const before = await valueStats(tx, values, personOf);
  return {
    async finish(written, model) {
      const seeds = new Set(written.keys());
      if (seeds.size === 0 && values.length === 0) return;
      const after = applyChanges(before, relevant);
      const deltas = new PersonDeltas();
      matchDeltas(deltas, values, before, after, config);

      // The components that may change: those of the written profiles and of every carrier of a
      // value that links profiles before or after. A value that linked before and now links
      // fewer of them (a carrier left, or too many carry it) may split its person: those persons
      // are walked again. Every other edge of the graph is as it was, so every other old person
      // is still connected, and joins the others only through the values that link now.
      const splitting = new Set<string>();
      const joining: string[][] = [];
      for (const v of values) {
        const key = valueKey(v);
        const b = before.get(key);
        const a = after.get(key);
        const linkedBefore = links(total(b), config, v.type);
        const linkedAfter = links(total(a), config, v.type);
        if (linkedBefore) for (const s of b!.subjects) seeds.add(s);
        if (linkedAfter) {
          for (const s of a!.subjects) seeds.add(s);
          joining.push([...a!.subjects]);
        }
        if (linkedBefore && (!linkedAfter || lostCarrier(b!, a))) {
          for (const s of b!.subjects) splitting.add(s);
        }
      }
      if (seeds.size === 0) {
        await deltas.apply(tx);
        return;
      }
      // The old persons of the seeds, and their members: a person of one profile is its
      // profile; only the members of larger persons are looked up.
      const unknown = [...seeds].filter((s) => !personOf.has(s));
      if (unknown.length)
        for (const r of rowsOf<{ subject_id: string; person_id: string }>(
          await tx.execute(sql`
            select subject_id, person_id from profiles where subject_id in ${texts(unknown)}`),
        ))
          personOf.set(r.subject_id, r.person_id);
      const personRows = await readPersons(tx, new Set([...seeds].map((s) => personOf.get(s)!)));
      const larger = personRows.filter((r) => r.profiles > 1).map((r) => r.person_id);
      const current = [...seeds].map((s) => ({ subject_id: s, person_id: personOf.get(s)! }));
      if (larger.length)
        current.push(
          ...rowsOf<{ subject_id: string; person_id: string }>(
            await tx.execute(sql`
              select subject_id, person_id from profiles where person_id in ${texts(larger)}`),
          ).filter((r) => !seeds.has(r.subject_id)),
        );
      const membersOf = new Map<string, string[]>();
      for (const r of current) {
        const list = membersOf.get(r.person_id) ?? [];
        list.push(r.subject_id);
        membersOf.set(r.person_id, list);
        personOf.set(r.subject_id, r.person_id);
      }
      const split = new Set([...splitting].map((s) => personOf.get(s)!));
      const components = split.size
        ? await walk(tx, new Set([...split].flatMap((id) => membersOf.get(id)!)), config)
        : new Components();
      for (const [id, members] of membersOf) if (!split.has(id)) components.union(members);
      for (const subjects of joining) components.union(subjects);
      const assignment = components.assignment();
      // Everyone whose person is rewritten: consent ingestion must not count them meanwhile.
      await lockSubjects(tx, assignment.keys());
      // The walk reaches no one outside the old persons while persons are the graph's
      // components; should it, their persons are read too.
      const members = new Set(current.map((r) => r.subject_id));
      const missing = [...assignment.keys()].filter((s) => !members.has(s));
      if (missing.length)
        for (const r of rowsOf<{ subject_id: string; person_id: string }>(
          await tx.execute(sql`
            select subject_id, person_id from profiles where subject_id in ${texts(missing)}`),
        )) {
          current.push(r);
          personOf.set(r.subject_id, r.person_id);
        }
      const oldIds = new Set(current.map((r) => r.person_id));
      if (missing.length) {
        const more = new Set(oldIds);
        for (const r of personRows) more.delete(r.person_id);
        personRows.push(...(await readPersons(tx, more)));
      }
      // Every member's stored profile is read once: it gives a person of one profile its old
      // figures, and forms the new persons (the identity step changes no profile's figures,
      // only person ids). Written profiles are taken as written.
      const profiles = await readProfiles(
        tx,
        [...assignment.keys()].filter((s) => !written.has(s)),
      );
      const old = oldPersons(personRows, written, profiles);
      for (const [subjectId, profile] of written) profiles.set(subjectId, profile);
      const rows = buildPersons(assignment, model, profiles);
      for (const r of old) deltas.person(r, -1);
      for (const r of rows) deltas.person(r, 1);
      const persons = {
        before: new Map(old.map((p) => [p.personId, p])),
        after: new Map(rows.map((p) => [p.personId, p])),
      };
      for (const g of await grantsBeforeAndAfter(
        tx,
        current.map((r) => ({
          subject_id: r.subject_id,
          before: r.person_id,
          after: assignment.get(r.subject_id) ?? r.person_id,
        })),
      )) {
        const person = persons[g.side].get(g.person_id);
        if (person) deltas.grant(person, g.purpose_id, g.side === "before" ? -1 : 1);
      }

      const newIds = new Set(rows.map((r) => r.personId));
      const gone = [...oldIds].filter((id) => !newIds.has(id));
      await inOrder(tx, [
        ...personIdStatements(
          current
            .filter((r) => assignment.get(r.subject_id) !== r.person_id)
            .map((r) => ({ subject_id: r.subject_id, person_id: assignment.get(r.subject_id)! })),
        ),
        ...(gone.length ? [sql`delete from persons where person_id in ${texts(gone)}`] : []),
        ...personStatements(rows),
        ...deltas.statements(),
      ]);
    },
  };
}

/** True when a value's carriers after a write lack one it had before. */
const lostCarrier = (before: Carriers, after: Carriers | undefined) =>
  [...before.subjects].some((s) => !after?.subjects.has(s));

// ── full rebuild ───────────────────────────────────────────────────────────────

/**
 * Recomputes every person and person aggregate from the profiles (bulk loads, a change of the
 * matching configuration, start-up after the upgrade that introduced persons). Gives the same
 * answer as the incremental path; a property test compares them. Callers run it under
 * retryTransaction (see the locks below).
 */
export async function rebuildIdentities(
  tx: Tx,
  /** The benchmark's fixed model; otherwise the one in force once the locks are held. */
  fixedModel?: Pick<CompletenessModel, "attributes">,
): Promise<{ persons: number; merged: number; seconds: Record<string, number> }> {
  // Every customer's lock first: a consent batch read beside the rebuild would count its
  // decisions by the persons being replaced. A profile write takes its customers' locks, then the
  // identity lock, then those of the other members of the persons it rewrites, so it and a
  // rebuild can deadlock: PostgreSQL ends one, and callers of either try again
  // (retryTransaction).
  await lockAllSubjects(tx);
  // The model is read under the lock profile writes share (a model change takes it alone), once
  // every customer is held: a model saved while the rebuild waited is the one it scores by.
  await shareModelLock(tx);
  const model = fixedModel ?? (await getCompletenessModel(tx));
  await tx.execute(IDENTITY_LOCK);
  // Few statements over whole tables: PostgreSQL's JIT compilation costs more than it saves here
  // (about 1.5 s a statement at a million profiles). Without effect on PGlite.
  await tx.execute(sql`set local jit = off`);
  // How long each step took, for the benchmark's breakdown.
  const seconds: Record<string, number> = {};
  let last = performance.now();
  const step = (name: string) => {
    const now = performance.now();
    seconds[name] = Math.round(now - last) / 1000;
    last = now;
  };
  const config = await getMatchingConfig(tx);
  const components = new Components();
  if (config.types.length) {
    const groups = rowsOf<{ s: string[] }>(
      await tx.execute(sql`
        select array_agg(subject_id) as s from profile_identifiers
        where type in ${texts(config.types)} and normalized is not null
        group by type, normalized
        having count(*) >= 2 and not ${tooMany(sql`count(*)`, sql`type`, config)}`),
    );
    for (const g of groups) components.union(g.s);
  }
  const assignment = components.assignment();
  step("components");
  // The profiles of persons of several, in a table of this transaction: the statements below
  // join it rather than look each profile up (a pass over the profiles' tables each, not a
  // random read per profile).
  await tx.execute(sql`
    create temporary table identity_joined (subject_id text primary key, person_id text not null)
    on commit drop`);
  const members = [...assignment].map(([subject_id, person_id]) => ({ subject_id, person_id }));
  for (let i = 0; i < members.length; i += 10_000)
    await tx.execute(sql`
      insert into identity_joined (subject_id, person_id)
      select subject_id, person_id
      from ${records(members.slice(i, i + 10_000))}
        as x(subject_id text, person_id text)`);
  await tx.execute(sql`analyze identity_joined`);
  await tx.execute(sql`
    update profiles p set person_id = p.subject_id
    where p.person_id <> p.subject_id
      and not exists (select 1 from identity_joined j where j.subject_id = p.subject_id)`);
  await tx.execute(sql`
    update profiles p set person_id = j.person_id
    from identity_joined j
    where j.subject_id = p.subject_id and p.person_id <> j.person_id`);
  // Fresh statistics for the statements below: person ids moved for every joined profile.
  await tx.execute(sql`analyze profiles`);
  step("personIds");
  for (const table of [
    "persons",
    "person_summary",
    "person_fill",
    "person_sizes",
    "person_reach",
    "identity_match",
  ])
    await tx.execute(sql`delete from ${sql.raw(table)} where true`);
  // Profiles that stand alone are their own person, with their scores and attributes (stored
  // once, on the profile: see writePersons).
  await tx.execute(sql`
    insert into persons (person_id, region, profiles, identifier_types, derived, attributes)
    select p.subject_id, p.region, 1, p.identifier_types, null, null
    from profiles p
    where not exists (select 1 from identity_joined j where j.subject_id = p.subject_id)`);
  step("standalone");
  // Persons of several: what their profiles hold together, gathered in one pass over each table,
  // then scored and written a page at a time.
  await tx.execute(sql`
    create temporary table identity_people on commit drop as
    with heads as (
      select j.person_id, count(*)::int as profiles,
             min(p.region) filter (where p.subject_id = j.person_id) as region
      from identity_joined j join profiles p on p.subject_id = j.subject_id
      group by 1
    ), types as (
      select j.person_id, count(distinct i.type)::int as n
      from identity_joined j join profile_identifiers i on i.subject_id = j.subject_id
      group by 1
    ), attrs as (
      select j.person_id, jsonb_agg(jsonb_build_array(a."group", a.name, a.party)) as attrs
      from identity_joined j join profile_attributes a on a.subject_id = j.subject_id
      group by 1
    )
    select h.person_id, h.region, h.profiles, coalesce(t.n, 0) as types,
           coalesce(a.attrs, '[]'::jsonb) as attrs
    from heads h left join types t using (person_id) left join attrs a using (person_id)`);
  await tx.execute(sql`create index on identity_people (person_id)`);
  for (let after = ""; ;) {
    const page = rowsOf<{
      person_id: string;
      region: string;
      profiles: number;
      types: number;
      attrs: [string, string, Party | null][];
    }>(
      await tx.execute(sql`
        select person_id, region, profiles, types, attrs from identity_people
        where person_id > ${after} order by person_id limit 10000`),
    );
    if (page.length === 0) break;
    await writePersons(
      tx,
      page.map((r) =>
        personRow(
          r.person_id,
          r.region,
          r.profiles,
          r.types,
          r.attrs.map(([group, name, party]) => ({ group, name, party })),
          model,
        ),
      ),
    );
    after = page.at(-1)!.person_id;
  }
  step("joined");
  await tx.execute(sql`
    insert into person_summary (region, view, bucket, persons, completeness_micros, persons360, resolved)
    select p.region, v.key,
           least(9, greatest(0, floor((v.value->>'c')::float8 * 10 + 1e-9)))::smallint,
           count(*), sum(round((v.value->>'c')::numeric * 1000000)),
           count(*) filter (where (v.value->>'g')::int = 5),
           count(*) filter (where p.identifier_types >= 2)
    from persons p
    left join profiles own on p.derived is null and own.subject_id = p.person_id
    cross join lateral jsonb_each(coalesce(p.derived, own.derived)) v
    group by 1, 2, 3`);
  await tx.execute(sql`
    insert into person_fill (region, party, "group", name, persons)
    select region, party, "group", name, count(*)
    from (
      select p.region, coalesce(a->>2, 'unknown') as party, a->>0 as "group", a->>1 as name
      from persons p cross join lateral jsonb_array_elements(p.attributes) a
      where p.attributes is not null
      union all
      select p.region, coalesce(a.party, 'unknown'), a."group", a.name
      from persons p join profile_attributes a on a.subject_id = p.person_id
      where p.attributes is null
    ) x
    group by 1, 2, 3, 4`);
  await tx.execute(sql`
    insert into person_sizes (region, size, persons)
    select region, profiles, count(*) from persons group by 1, 2`);
  step("aggregates");
  await rebuildPersonReach(tx);
  step("reach");
  if (config.types.length) {
    await tx.execute(sql`
      insert into identity_match (region, type, profiles, matched)
      select p.region, i.type, count(*),
        count(*) filter (where v.n >= 2 and not ${tooMany(sql`v.n`, sql`i.type`, config)})
      from profile_identifiers i
      join (
        select type, normalized, count(*) as n from profile_identifiers
        where type in ${texts(config.types)} and normalized is not null
        group by 1, 2
      ) v on v.type = i.type and v.normalized = i.normalized
      join profiles p on p.subject_id = i.subject_id
      group by 1, 2`);
  }
  step("match");
  return { persons: await countPersons(tx), merged: assignment.size, seconds };
}

async function countPersons(tx: Tx): Promise<number> {
  const [row] = rowsOf<{ n: number | string }>(
    await tx.execute(sql`select count(*)::int as n from persons`),
  );
  return Number(row?.n ?? 0);
}

/** Recomputes person_reach from the consent log and the persons (inside `tx`). */
export async function rebuildPersonReach(tx: Tx): Promise<void> {
  await tx.execute(sql`delete from person_reach where true`);
  await tx.execute(sql`
    insert into person_reach (region, purpose_id, persons)
    select ps.region, l.purpose_id, count(*)
    from (
      select distinct on (m.person_id, e.purpose_id) m.person_id, e.purpose_id, e.action
      from consent_events e
      join profiles m on m.subject_id = e.subject_id
      order by m.person_id, e.purpose_id, e.occurred_at desc, e.event_id desc
    ) l
    join persons ps on ps.person_id = l.person_id
    where l.action = 'grant' and ps.identifier_types >= 2
    group by 1, 2`);
}
