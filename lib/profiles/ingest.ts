import "server-only";
/**
 * Profile ingestion (POST /api/v1/profiles). A batch is validated whole first (every bad index
 * reported, nothing written). Then, in one transaction under per-subject locks, each profile is
 * merged — identifiers by type, attributes by group and name (a null value removes one) — its
 * score is computed with the current completeness model, and the aggregates are corrected by the
 * exact difference between what the profile contributed before and after. Sending the same batch
 * again changes nothing.
 */
import { inArray, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "@/db/connect";
import { dataSources, profileAttributes, profileIdentifiers, profiles } from "@/db/schema";
import { normalizeIdentifier } from "@/lib/identity/normalize";
import {
  beginIdentityChange,
  type CarrierChange,
  type IdentifierValue,
  type WrittenProfile,
} from "@/lib/identity/resolve";
import { recordAudit, type Actor } from "@/lib/audit/record";
import { RuleError, type Issue } from "@/lib/errors";
import type { Party } from "@/lib/sources/schema";
import { retryTransaction } from "@/lib/db-errors";
import { inOrder, inTexts, records } from "@/lib/sql-rows";
import { isoDay, now as clockNow } from "@/lib/clock";
import { lockSubjects } from "@/lib/subject-lock";
import { applyProfileDeltas, emptyDeltas, sourceSetEntryIds, type Contribution } from "./rollups";
import { sourceSignature } from "./source-sets";
import { getCompletenessModel, shareModelLock } from "./current-model";
import { profileInputSchema, type ProfileInput } from "./schema";
import { derive, is360, type Derived, type PresentAttribute } from "./score";
import { said, saying, schemaIssue } from "@/lib/imports/said";

export type ProfileUpsertResult = {
  accepted: number;
  /** Profiles sent exactly as they are stored (a retry): `unchanged`, under the consent batches' name. */
  duplicates: number;
  created: number;
  updated: number;
  unchanged: number;
};

type Source = { id: string; party: Party };

/** Validates a batch; throws RuleError naming every bad index and field. */
export async function resolveProfiles(
  db: Db,
  raw: unknown[],
): Promise<{ batch: ProfileInput[]; sources: Map<string, Source> }> {
  const issues: Issue[] = [];
  const batch: ProfileInput[] = [];
  const seen = new Map<string, number>();
  raw.forEach((item, index) => {
    const result = profileInputSchema.safeParse(item);
    if (!result.success) {
      for (const issue of result.error.issues) issues.push(schemaIssue(["profiles", index], issue));
      return;
    }
    const first = seen.get(result.data.subjectId);
    if (first !== undefined) {
      issues.push({
        path: `profiles.${index}.subjectId`,
        ...saying(said("subjectTwice", { subjectId: result.data.subjectId, first })),
      });
      return;
    }
    seen.set(result.data.subjectId, index);
    result.data.attributes.forEach((a, j) => {
      const twin = result.data.attributes.findIndex(
        (b) => b.group === a.group && b.name === a.name,
      );
      if (twin !== j)
        issues.push({
          path: `profiles.${index}.attributes.${j}.name`,
          ...saying(said("attributeTwice", { attribute: `${a.group}.${a.name}`, index: twin })),
        });
    });
    batch.push(result.data);
  });
  const keys = [...new Set(batch.flatMap((p) => p.attributes.flatMap((a) => a.source ?? [])))];
  const rows = keys.length
    ? await db
        .select({ id: dataSources.id, key: dataSources.key, party: dataSources.party })
        .from(dataSources)
        .where(inArray(dataSources.key, keys))
    : [];
  const sources = new Map(rows.map((r) => [r.key, { id: r.id, party: r.party }]));
  batch.forEach((profile) => {
    const index = seen.get(profile.subjectId)!;
    profile.attributes.forEach((a, j) => {
      if (a.source && !sources.has(a.source))
        issues.push({
          path: `profiles.${index}.attributes.${j}.source`,
          ...saying(said("unknownSource", { source: a.source })),
        });
    });
  });
  if (issues.length) {
    throw new RuleError("Some profiles are invalid; nothing was stored", issues.slice(0, 1000));
  }
  return { batch, sources };
}

type StoredAttribute = {
  group: string;
  name: string;
  value: string;
  sourceId: string | null;
  /** The supplying source's party at the time (null: no source). */
  party: Party | null;
};
type Stored = {
  region: string;
  identifiers: Map<string, string>;
  /** Each identifier's value as stored for matching (null: never matched), by type. */
  normalized: Map<string, string | null>;
  attributes: Map<string, StoredAttribute>;
  derived: Derived;
  identifierTypes: number;
  modelVersion: number;
};

/** Current state of the given subjects (inside the transaction, after their locks). */
export async function loadProfiles(tx: Tx, subjectIds: string[]): Promise<Map<string, Stored>> {
  const out = new Map<string, Stored>();
  if (subjectIds.length === 0) return out;
  const [rows, ids, attrs] = await Promise.all([
    tx.select().from(profiles).where(inTexts(profiles.subjectId, subjectIds)),
    tx.select().from(profileIdentifiers).where(inTexts(profileIdentifiers.subjectId, subjectIds)),
    tx
      .select({
        subjectId: profileAttributes.subjectId,
        group: profileAttributes.group,
        name: profileAttributes.name,
        value: profileAttributes.value,
        sourceId: profileAttributes.sourceId,
        party: profileAttributes.party,
      })
      .from(profileAttributes)
      .where(inTexts(profileAttributes.subjectId, subjectIds)),
  ]);
  for (const r of rows) {
    out.set(r.subjectId, {
      region: r.region,
      identifiers: new Map(),
      normalized: new Map(),
      attributes: new Map(),
      derived: r.derived as Derived,
      identifierTypes: r.identifierTypes,
      modelVersion: r.modelVersion,
    });
  }
  for (const i of ids) {
    out.get(i.subjectId)?.identifiers.set(i.type, i.value);
    out.get(i.subjectId)?.normalized.set(i.type, i.normalized);
  }
  for (const a of attrs) out.get(a.subjectId)?.attributes.set(`${a.group}.${a.name}`, a);
  return out;
}

export function present(attributes: Iterable<StoredAttribute>): PresentAttribute[] {
  return [...attributes].map((a) => ({ group: a.group, name: a.name, party: a.party }));
}

export function contributionOf(
  region: string,
  derived: Derived,
  identifierTypes: number,
  attrs: PresentAttribute[],
  sources?: string,
): Contribution {
  return { region, derived, resolved: identifierTypes >= 2, attributes: attrs, sources };
}

const sameIdentifiers = (a: Map<string, string>, b: Map<string, string>) =>
  a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
const sameAttributes = (a: Map<string, StoredAttribute>, b: Map<string, StoredAttribute>) =>
  a.size === b.size &&
  [...a].every(([k, v]) => b.get(k)?.value === v.value && b.get(k)?.sourceId === v.sourceId);

export async function upsertProfiles(
  db: Db,
  actor: Actor,
  raw: unknown[],
  options: {
    /** When the write happens (the day profile_daily files it under); the clock's now by default. */
    now?: Date;
    /**
     * Runs inside the batch's transaction, before its audit event (an import's progress commits
     * with its rows; a Segment batch's consent with its profiles).
     */
    alongside?: (tx: Tx, result: ProfileUpsertResult) => Promise<void>;
    /**
     * Takes the batch's customers' locks (lockSubjects by default), first of all: a caller that
     * stores more customers' data alongside takes their locks with these, in one ascending set,
     * rather than wait for them later while the model's and the identity's locks are held.
     */
    lock?: (tx: Tx, subjectIds: string[]) => Promise<void>;
  } = {},
): Promise<ProfileUpsertResult> {
  const { batch, sources } = await resolveProfiles(db, raw);
  return retryTransaction(() =>
    db.transaction(async (tx) => {
      const subjectIds = batch.map((p) => p.subjectId);
      await (options.lock ?? lockSubjects)(tx, subjectIds);
      // Shared with other writers, exclusive for a model change: a batch scored with the old model
      // commits before the new model's rescoring job starts counting what is left.
      await shareModelLock(tx);
      const model = await getCompletenessModel(tx);
      const before = await loadProfiles(tx, subjectIds);
      // The numbers of the (attribute, source) pairs held before and written now.
      const entryIds = await sourceSetEntryIds(tx, [
        ...[...before.values()].flatMap((p) => [...p.attributes.values()]),
        ...batch.flatMap((p) =>
          p.attributes.flatMap((a) =>
            a.value === null
              ? []
              : [
                  {
                    group: a.group,
                    name: a.name,
                    sourceId: a.source ? sources.get(a.source)!.id : null,
                  },
                ],
          ),
        ),
      ]);
      const deltas = emptyDeltas();
      const result: ProfileUpsertResult = {
        accepted: batch.length,
        duplicates: 0,
        created: 0,
        updated: 0,
        unchanged: 0,
      };
      const profileRows: Record<string, unknown>[] = [];
      const identifierRows: {
        subject_id: string;
        type: string;
        value: string;
        normalized: string | null;
      }[] = [];
      const attributeRows: Record<string, unknown>[] = [];
      const removals: { subject_id: string; group: string; name: string }[] = [];
      const identifierRemovals: { subject_id: string; type: string }[] = [];
      const written = new Map<string, WrittenProfile>();
      const carrierChanges: CarrierChange[] = [];

      for (const input of batch) {
        const old = before.get(input.subjectId);
        const identifiers = new Map(old?.identifiers ?? []);
        for (const [type, value] of Object.entries(input.identifiers)) {
          if (value === null) identifiers.delete(type);
          else identifiers.set(type, value);
        }
        const attributes = new Map(old?.attributes ?? []);
        for (const a of input.attributes) {
          const key = `${a.group}.${a.name}`;
          if (a.value === null) attributes.delete(key);
          else {
            const source = a.source ? sources.get(a.source)! : null;
            const prev = old?.attributes.get(key);
            attributes.set(key, {
              group: a.group,
              name: a.name,
              value: a.value,
              sourceId: source?.id ?? null,
              // The same value from the same source keeps the party it was filed under.
              party:
                prev && prev.sourceId === (source?.id ?? null) && prev.value === a.value
                  ? prev.party
                  : (source?.party ?? null),
            });
          }
        }
        const attrs = present(attributes.values());
        const derived = derive(attrs, model);
        const unchanged =
          old &&
          old.region === input.region &&
          old.modelVersion === model.version &&
          sameIdentifiers(old.identifiers, identifiers) &&
          sameAttributes(old.attributes, attributes);
        if (unchanged) {
          result.unchanged++;
          result.duplicates++;
          continue;
        }
        if (old) {
          result.updated++;
          deltas.subtract(
            contributionOf(
              old.region,
              old.derived,
              old.identifierTypes,
              present(old.attributes.values()),
              sourceSignature(old.attributes.values(), entryIds),
            ),
          );
        } else result.created++;
        deltas.add(
          contributionOf(
            input.region,
            derived,
            identifiers.size,
            attrs,
            sourceSignature(attributes.values(), entryIds),
          ),
        );
        deltas.reachChange(
          input.subjectId,
          old ? { region: old.region, resolved: old.identifierTypes >= 2 } : null,
          {
            region: input.region,
            resolved: identifiers.size >= 2,
          },
        );
        written.set(input.subjectId, {
          region: input.region,
          attributes: attrs,
          types: [...identifiers.keys()],
          derived,
          before: old && { derived: old.derived, attributes: present(old.attributes.values()) },
        });
        // The values whose carriers change: identity is recomputed around them. What a profile
        // carried is what is stored, not what today's rules would make of it (a library's new
        // release may read a number otherwise), and an identifier it keeps as it was keeps its
        // stored value: the carriers the persons were formed from are the ones that move.
        const moved = old !== undefined && old.region !== input.region;
        const kept = (type: string, value: string) =>
          !moved && old?.identifiers.get(type) === value;
        const oldValues = [...(old?.normalized ?? [])].flatMap(([type, normalized]) =>
          normalized === null ? [] : [{ type, normalized }],
        );
        const newValues = [...identifiers].flatMap(([type, value]) => {
          const normalized = kept(type, value)
            ? (old!.normalized.get(type) ?? null)
            : normalizeIdentifier(type, value, input.region);
          return normalized === null ? [] : [{ type, normalized }];
        });
        const has = (list: IdentifierValue[], v: IdentifierValue) =>
          list.some((w) => w.type === v.type && w.normalized === v.normalized);
        for (const v of oldValues)
          if (moved || !has(newValues, v))
            carrierChanges.push({
              ...v,
              subjectId: input.subjectId,
              region: old!.region,
              sign: -1,
            });
        for (const v of newValues)
          if (moved || !has(oldValues, v))
            carrierChanges.push({
              ...v,
              subjectId: input.subjectId,
              region: input.region,
              sign: 1,
            });
        for (const type of old?.identifiers.keys() ?? [])
          if (!identifiers.has(type))
            identifierRemovals.push({ subject_id: input.subjectId, type });
        profileRows.push({
          subject_id: input.subjectId,
          region: input.region,
          completeness: derived.all.c,
          groups_present: attrs.length ? [...new Set(attrs.map((a) => a.group))].sort() : [],
          is360: is360(derived.all),
          identifier_types: identifiers.size,
          derived,
          model_version: model.version,
        });
        for (const [type, value] of identifiers) {
          // A national phone number is read in the profile's region: a move re-reads it.
          if (old?.identifiers.get(type) !== value || old.region !== input.region)
            identifierRows.push({
              subject_id: input.subjectId,
              type,
              value,
              normalized: normalizeIdentifier(type, value, input.region),
            });
        }
        for (const a of input.attributes) {
          const key = `${a.group}.${a.name}`;
          if (a.value === null) {
            if (old?.attributes.has(key))
              removals.push({ subject_id: input.subjectId, group: a.group, name: a.name });
            continue;
          }
          const next = attributes.get(key)!;
          const prev = old?.attributes.get(key);
          if (!prev || prev.value !== next.value || prev.sourceId !== next.sourceId)
            attributeRows.push({
              subject_id: input.subjectId,
              group: a.group,
              name: a.name,
              value: next.value,
              source_id: next.sourceId,
              party: next.party,
            });
        }
      }

      const identity = await beginIdentityChange(tx, carrierChanges);
      // In this order: the profiles before the rows that refer to them.
      const writes: SQL[] = [];
      if (profileRows.length) writes.push(profileRowsStatement(profileRows));
      if (identifierRemovals.length)
        writes.push(sql`
        delete from profile_identifiers p
        using ${records(identifierRemovals)}
          as x(subject_id text, type text)
        where p.subject_id = x.subject_id and p.type = x.type`);
      if (identifierRows.length)
        writes.push(sql`
        insert into profile_identifiers (subject_id, type, value, normalized)
        select subject_id, type, value, normalized
        from ${records(identifierRows)}
          as x(subject_id text, type text, value text, normalized text)
        on conflict (subject_id, type) do update
          set value = excluded.value, normalized = excluded.normalized`);
      if (attributeRows.length)
        writes.push(sql`
        insert into profile_attributes (subject_id, "group", name, value, source_id, party, updated_at)
        select subject_id, "group", name, value, source_id, party, now()
        from ${records(attributeRows)}
          as x(subject_id text, "group" text, name text, value text, source_id uuid, party text)
        on conflict (subject_id, "group", name) do update
          set value = excluded.value, source_id = excluded.source_id, party = excluded.party,
              updated_at = now()`);
      if (removals.length)
        writes.push(sql`
        delete from profile_attributes a
        using ${records(removals)}
          as x(subject_id text, "group" text, name text)
        where a.subject_id = x.subject_id and a."group" = x."group" and a.name = x.name`);
      await inOrder(tx, writes);
      await identity.finish(written, model);
      await applyProfileDeltas(tx, deltas, isoDay(options.now ?? clockNow()));
      // What is stored alongside comes before the audit event, whose hold on the actor's key or
      // role (lib/audit/record) lasts until the commit: what it stores may still wait for a lock
      // (a Segment batch's consent, for a profile joined to its customers' persons meanwhile),
      // and the key held while it waits would keep a revocation waiting as long.
      await options.alongside?.(tx, result);
      await recordAudit(tx, actor, {
        action: "profiles.upsert",
        entityType: "profiles",
        detail: result,
        changesFigures: result.created + result.updated > 0,
      });
      return result;
    }),
  );
}

/** Inserts or replaces profile rows (one statement for the whole batch). */
export async function writeProfileRows(tx: Tx, rows: Record<string, unknown>[]): Promise<void> {
  if (rows.length) await tx.execute(profileRowsStatement(rows));
}

function profileRowsStatement(rows: Record<string, unknown>[]): SQL {
  return sql`
    insert into profiles (subject_id, region, completeness, groups_present, is360, identifier_types, derived, model_version, person_id, updated_at)
    select subject_id, region, completeness, groups_present, is360, identifier_types, derived, model_version, subject_id, now()
    from ${records(rows)}
      as x(subject_id text, region text, completeness real, groups_present text[], is360 boolean,
           identifier_types integer, derived jsonb, model_version integer)
    on conflict (subject_id) do update set
      region = excluded.region, completeness = excluded.completeness,
      groups_present = excluded.groups_present, is360 = excluded.is360,
      identifier_types = excluded.identifier_types, derived = excluded.derived,
      model_version = excluded.model_version, updated_at = now()`;
}
