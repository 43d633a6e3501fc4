import "server-only";
/**
 * Consent ingestion. A batch is validated whole first (every bad index reported, nothing
 * written); then, in one transaction, its events are stored once each (a repeated eventId is
 * counted as a duplicate), the daily rollups are corrected for exactly the subjects and purposes
 * the batch touches — late and out-of-order events included — and one audit event records the
 * batch. Per-subject advisory locks, taken in a fixed order, keep concurrent batches for the same
 * subject (and profile writes, which share the locks) from computing on stale neighbours.
 */
import { eq, inArray, sql, type SQL } from "drizzle-orm";
import { records, rowsOf, texts } from "@/lib/sql-rows";
import type { Db, Tx } from "@/db/connect";
import { type consentEvents, dataSources, purposes, purposeVersions } from "@/db/schema";
import { auditInsert, holdAccess, type Actor } from "@/lib/audit/record";
import { figuresChanged } from "@/lib/figures-cache";
import { PurposeChangedError, PurposeRetiredError, RuleError, type Issue } from "@/lib/errors";
import { rebuildProfileReach } from "@/lib/profiles/rollups";
import { rebuildPersonReach } from "@/lib/identity/resolve";
import { retryTransaction } from "@/lib/db-errors";
import { lockSubjects, lockSubjectsThenMembers } from "@/lib/subject-lock";
import {
  consentEventSchema,
  FUTURE_TOLERANCE_MS,
  IMPORT_BATCH,
  type ConsentEventInput,
} from "./schema";
import { carriesSignal, expandSignalEvents, mappedPurposes } from "./signal-events";
import { said, saying, schemaIssue } from "@/lib/imports/said";

export type IngestResult = {
  accepted: number;
  duplicates: number;
  /** The eventIds stored (not already there), when asked for with `storedIds`. */
  storedIds?: string[];
};

/**
 * Events per statement: a whole batch of the API's (MAX_BATCH) or of an import's (IMPORT_BATCH
 * rows); an import's rows that carry TC strings or Consent Mode signals become several events
 * each, and their batch several statements. Each statement plans itself and corrects every rollup
 * row it touches: a batch of 5,000 in statements of 2,000 cost PostgreSQL 38–41 µs of CPU an event
 * against 33–34 µs in one (docs/benchmarks.md).
 */
const INSERT_CHUNK = IMPORT_BATCH;

/** An event checked and resolved (purpose, version and source ids), ready to store. */
export type ResolvedConsentEvent = Omit<typeof consentEvents.$inferInsert, "id" | "receivedAt"> & {
  /**
   * The purpose's newest version when the event was resolved: storing checks, under the
   * purpose's lock, that no newer one was saved meanwhile (else the event might belong to it).
   */
  purposeLatest?: number;
};
type Resolved = ResolvedConsentEvent;

/** Events checked in one stretch, without letting other work in (a few milliseconds). */
const CHECK_STRETCH = 500;

/** Validates a batch and resolves purposes, versions and sources; throws RuleError listing every bad index. */
export async function resolveConsentEvents(
  db: Db,
  raw: unknown[],
  options: { now: Date; gpcHeader?: boolean },
): Promise<Resolved[]> {
  const issues: Issue[] = [];
  const parsed: { index: number; event: ConsentEventInput }[] = [];
  const latest = options.now.getTime() + FUTURE_TOLERANCE_MS;
  // Events carrying a TC string or Consent Mode signals become one event per mapped purpose;
  // `origin` keeps each one's index in the request, which is what issues name.
  const { items, origin } = raw.some(carriesSignal)
    ? expandSignalEvents(raw, await mappedPurposes(db), issues)
    : { items: raw, origin: raw.map((_, i) => i) };
  for (const [at, item] of items.entries()) {
    // A batch of 5,000 takes tens of milliseconds to check: other work on this thread (the
    // answers a transaction waits for, other requests) gets in every CHECK_STRETCH events.
    if (at > 0 && at % CHECK_STRETCH === 0) await new Promise((resolve) => setImmediate(resolve));
    const index = origin[at]!;
    const result = consentEventSchema.safeParse(item);
    if (!result.success) {
      for (const issue of result.error.issues) issues.push(schemaIssue(["events", index], issue));
      continue;
    }
    if (Date.parse(result.data.occurredAt) > latest) {
      issues.push({ path: `events.${index}.occurredAt`, ...saying(said("occurredAtFuture")) });
      continue;
    }
    parsed.push({ index, event: result.data });
  }

  const purposeKeys = [...new Set(parsed.map((p) => p.event.purpose))];
  const sourceKeys = [...new Set(parsed.flatMap((p) => (p.event.source ? [p.event.source] : [])))];
  // The three lookups go out together: each is a round trip, and under load a round trip
  // costs far more than the query.
  const [purposeRows, sourceRows, versionRows] = await Promise.all([
    purposeKeys.length
      ? db
          .select({ id: purposes.id, key: purposes.key, status: purposes.status })
          .from(purposes)
          .where(inArray(purposes.key, purposeKeys))
      : [],
    sourceKeys.length
      ? db
          .select({ id: dataSources.id, key: dataSources.key })
          .from(dataSources)
          .where(inArray(dataSources.key, sourceKeys))
      : [],
    purposeKeys.length
      ? db
          .select({
            purposeId: purposeVersions.purposeId,
            version: purposeVersions.version,
            validFrom: purposeVersions.validFrom,
          })
          .from(purposeVersions)
          .innerJoin(purposes, eq(purposes.id, purposeVersions.purposeId))
          .where(inArray(purposes.key, purposeKeys))
      : [],
  ]);
  const purposeByKey = new Map(purposeRows.map((p) => [p.key, p]));
  const sourceByKey = new Map(sourceRows.map((s) => [s.key, s.id]));
  const versionsOf = new Map<string, { version: number; validFrom: number }[]>();
  for (const v of versionRows) {
    versionsOf.set(v.purposeId, [
      ...(versionsOf.get(v.purposeId) ?? []),
      { version: v.version, validFrom: v.validFrom.getTime() },
    ]);
  }
  // Newest version first: the version in force at an instant is the newest one saved before it
  // (versions are stamped in order; of stamps that ran backwards between two servers' clocks,
  // the later save wins).
  for (const list of versionsOf.values()) list.sort((a, b) => b.version - a.version);

  const resolved: Resolved[] = [];
  for (const { index, event } of parsed) {
    const purpose = purposeByKey.get(event.purpose);
    if (!purpose) {
      issues.push({
        path: `events.${index}.purpose`,
        ...saying(said("unknownPurpose", { purpose: event.purpose })),
      });
      continue;
    }
    if (purpose.status === "retired") {
      issues.push({
        path: `events.${index}.purpose`,
        ...saying(said("retiredPurpose", { purpose: event.purpose })),
      });
      continue;
    }
    const sourceId = event.source ? sourceByKey.get(event.source) : undefined;
    if (event.source && !sourceId) {
      issues.push({
        path: `events.${index}.source`,
        ...saying(said("unknownSource", { source: event.source })),
      });
      continue;
    }
    const occurredAt = new Date(event.occurredAt);
    // The version in force then; history older than the catalog's first version counts as v1.
    const versions = versionsOf.get(purpose.id);
    const version = versions?.find((v) => v.validFrom <= occurredAt.getTime())?.version ?? 1;
    resolved.push({
      eventId: event.eventId,
      subjectId: event.subjectId,
      purposeId: purpose.id,
      purposeVersion: version,
      purposeLatest: versions?.[0]?.version,
      action: event.action,
      occurredAt,
      channel: event.channel,
      region: event.region,
      gpc: event.gpc === true || options.gpcHeader === true,
      noticeVersion: event.noticeVersion ?? null,
      sourceId: sourceId ?? null,
    });
  }
  if (issues.length) {
    const indexOf = (i: Issue) => Number(i.path.split(".")[1]);
    // An event expanded to several purposes repeats its issues once per purpose: keep one.
    const unique = [...new Map(issues.map((i) => [`${i.path}\n${i.message}`, i])).values()];
    unique.sort((a, b) => indexOf(a) - indexOf(b));
    throw new RuleError(
      `${new Set(unique.map((i) => i.path.split(".")[1])).size} of ${raw.length} events are invalid; nothing was stored`,
      unique,
    );
  }
  return resolved;
}

/** The counters every consent rollup row keeps. */
const rollupCounters = ["decided", "granted", "grants", "denies", "withdrawals", "gpc_events"];

/** `on conflict … do update set` for counters: each column of the row plus the incoming one. */
function addToRow(alias: string, columns: readonly string[]) {
  return sql.raw(columns.map((c) => `${c} = ${alias}.${c} + excluded.${c}`).join(", "));
}

/**
 * Inserts events (skipping eventIds already stored) and corrects every rollup for exactly the
 * subjects and purposes they touch, in one statement: the rows the insert adds come from its
 * RETURNING, and the scan of the log for the touched pairs sees the log as it was before the
 * statement (PostgreSQL gives every part of a statement the same snapshot), which is the "old
 * timeline". One JSON parameter expanded by json_to_recordset carries the batch: several times
 * faster than a multi-row VALUES list. Returns how many events were new and, with `ids`, which.
 */
async function insertWithCorrections(
  tx: Tx,
  events: Resolved[],
  ids = false,
  /** An audit event written by the same statement (auditInsert; its detail may count `ins`). */
  audit?: SQL,
): Promise<{ accepted: number; ids: string[] }> {
  const rows = events.map((e) => ({
    event_id: e.eventId,
    subject_id: e.subjectId,
    purpose_id: e.purposeId,
    purpose_version: e.purposeVersion,
    action: e.action,
    occurred_at: (e.occurredAt as Date).toISOString(),
    channel: e.channel,
    region: e.region,
    gpc: e.gpc,
    notice_version: e.noticeVersion,
    source_id: e.sourceId,
  }));
  const result = await tx.execute<{ accepted: number | string; ids: string[] | null }>(sql`
    with ins as (
      insert into consent_events (event_id, subject_id, purpose_id, purpose_version, action, occurred_at, channel, region, gpc, notice_version, source_id)
      select event_id, subject_id, purpose_id, purpose_version, action, occurred_at, channel, region, gpc, notice_version, source_id
      from ${records(rows)} as x(
        event_id text, subject_id text, purpose_id uuid, purpose_version int, action consent_action,
        occurred_at timestamptz, channel consent_channel, region text, gpc boolean, notice_version text, source_id uuid
      )
      on conflict (event_id) do nothing
      returning id, event_id, subject_id, purpose_id, occurred_at, action, region, channel, gpc
    ),
    pairs as materialized (
      select distinct subject_id, purpose_id from ins
    ),
    ev as (
      -- A lateral join, so each touched pair reads its own few events through the
      -- (subject_id, purpose_id, occurred_at) index instead of scanning the whole log; it sees
      -- the log before this statement, so these are the old events and ins adds the new ones.
      select e.id, e.subject_id, e.purpose_id, e.occurred_at, e.event_id, e.action, e.region, e.channel,
             false as is_new
      from pairs p
      cross join lateral (
        select * from consent_events c where c.subject_id = p.subject_id and c.purpose_id = p.purpose_id
      ) e
      union all
      select id, subject_id, purpose_id, occurred_at, event_id, action, region, channel, true from ins
    ),
    new_tl as (
      select *, lead(occurred_at) over (partition by subject_id, purpose_id order by occurred_at, event_id) as next_at
      from ev
    ),
    old_tl as (
      select *, lead(occurred_at) over (partition by subject_id, purpose_id order by occurred_at, event_id) as next_at
      from ev where not is_new
    ),
    contrib as (
      select purpose_id, (occurred_at at time zone 'UTC')::date as day, region, channel,
             1 as decided, (action = 'grant')::int as granted from new_tl
      union all
      select purpose_id, (next_at at time zone 'UTC')::date, region, channel,
             -1, -((action = 'grant')::int) from new_tl where next_at is not null
      union all
      select purpose_id, (occurred_at at time zone 'UTC')::date, region, channel,
             -1, -((action = 'grant')::int) from old_tl
      union all
      select purpose_id, (next_at at time zone 'UTC')::date, region, channel,
             1, (action = 'grant')::int from old_tl where next_at is not null
    ),
    counts as (
      select purpose_id, (occurred_at at time zone 'UTC')::date as day, region, channel,
             (action = 'grant')::int as grants, (action = 'deny')::int as denies,
             (action = 'withdraw')::int as withdrawals, gpc::int as gpc_events
      from ins
    ),
    merged as (
      select purpose_id, day, region, channel, decided, granted, 0 as grants, 0 as denies, 0 as withdrawals, 0 as gpc_events from contrib
      union all
      select purpose_id, day, region, channel, 0, 0, grants, denies, withdrawals, gpc_events from counts
    ),
    reach_delta as (
      -- How each touched pair's current state changed: +1 became granted, -1 no longer is
      -- (its last event now, minus its last event before). Summed by group rather than joined:
      -- the planner cannot estimate these CTEs and chose a nested loop over them, which cost
      -- 30 of a batch's 55 ms once returning customers had earlier events.
      select subject_id, purpose_id, sum(granted)::int as delta
      from (
        select subject_id, purpose_id, (action = 'grant')::int as granted
        from new_tl where next_at is null
        union all
        select subject_id, purpose_id, -((action = 'grant')::int)
        from old_tl where next_at is null
      ) last_events
      group by subject_id, purpose_id
    ),
    reach as (
      insert into profile_reach as pr (region, purpose_id, profiles)
      select p.region, d.purpose_id, sum(d.delta)
      from reach_delta d join profiles p on p.subject_id = d.subject_id
      where d.delta <> 0 and p.identifier_types >= 2
      group by p.region, d.purpose_id
      order by p.region, d.purpose_id
      on conflict (region, purpose_id) do update set profiles = pr.profiles + excluded.profiles
      returning 1
    ),
    person_pairs as materialized (
      -- The same for persons: a person's state for a purpose is their latest decision under any
      -- of their subject ids, so every member's events count (identity-resolved persons only).
      select distinct m.person_id, p.purpose_id
      from pairs p
      join profiles m on m.subject_id = p.subject_id
      join persons ps on ps.person_id = m.person_id and ps.identifier_types >= 2
    ),
    person_ev as (
      select pp.person_id, pp.purpose_id, e.occurred_at, e.event_id, e.action, false as is_new
      from person_pairs pp
      join profiles mm on mm.person_id = pp.person_id
      cross join lateral (
        select c.occurred_at, c.event_id, c.action from consent_events c
        where c.subject_id = mm.subject_id and c.purpose_id = pp.purpose_id
      ) e
      union all
      select m.person_id, i.purpose_id, i.occurred_at, i.event_id, i.action, true
      from ins i
      join profiles m on m.subject_id = i.subject_id
      join person_pairs pp on pp.person_id = m.person_id and pp.purpose_id = i.purpose_id
    ),
    person_delta as (
      select person_id, purpose_id, sum(granted)::int as delta
      from (
        (select distinct on (person_id, purpose_id) person_id, purpose_id,
                (action = 'grant')::int as granted
         from person_ev order by person_id, purpose_id, occurred_at desc, event_id desc)
        union all
        (select distinct on (person_id, purpose_id) person_id, purpose_id,
                -((action = 'grant')::int)
         from person_ev where not is_new
         order by person_id, purpose_id, occurred_at desc, event_id desc)
      ) last_events
      group by person_id, purpose_id
    ),
    person_reached as (
      insert into person_reach as pr (region, purpose_id, persons)
      select ps.region, d.purpose_id, sum(d.delta)
      from person_delta d join persons ps on ps.person_id = d.person_id
      where d.delta <> 0
      group by ps.region, d.purpose_id
      order by ps.region, d.purpose_id
      on conflict (region, purpose_id) do update set persons = pr.persons + excluded.persons
      returning 1
    ),
    daily as (
      insert into consent_rollups as r (purpose_id, day, region, channel, decided, granted, grants, denies, withdrawals, gpc_events)
      select purpose_id, day, region, channel, sum(decided), sum(granted), sum(grants), sum(denies), sum(withdrawals), sum(gpc_events)
      from merged
      group by purpose_id, day, region, channel
      having sum(decided) <> 0 or sum(granted) <> 0 or sum(grants) + sum(denies) + sum(withdrawals) > 0
      order by purpose_id, day, region, channel
      on conflict (purpose_id, day, region, channel) do update set ${addToRow("r", rollupCounters)}
      returning 1
    ),
    coarse as (
      insert into consent_daily as d (purpose_id, day, decided, granted, grants, denies, withdrawals, gpc_events)
      select purpose_id, day, sum(decided), sum(granted), sum(grants), sum(denies), sum(withdrawals), sum(gpc_events)
      from merged
      group by purpose_id, day
      having sum(decided) <> 0 or sum(granted) <> 0 or sum(grants) + sum(denies) + sum(withdrawals) > 0
      order by purpose_id, day
      on conflict (purpose_id, day) do update set ${addToRow("d", rollupCounters)}
      returning 1
    ),
    totals as (
      insert into consent_totals as t (purpose_id, region, channel, decided, granted)
      select purpose_id, region, channel, sum(decided), sum(granted)
      from merged
      group by purpose_id, region, channel
      having sum(decided) <> 0 or sum(granted) <> 0
      order by purpose_id, region, channel
      on conflict (purpose_id, region, channel) do update set ${addToRow("t", ["decided", "granted"])}
      returning 1
    )${audit ? sql`, audit as (${audit})` : sql``}
    select count(*)::int as accepted, array_agg(event_id) filter (where ${ids}) as ids from ins
  `);
  const [row] = rowsOf<{ accepted: number | string; ids: string[] | null }>(result);
  return { accepted: Number(row?.accepted ?? 0), ids: row?.ids ?? [] };
}

/**
 * How often a batch is checked again when a purpose changed between its check and its storing:
 * an admin's edits are rare, so more than a few in one batch's moment means something else
 * moves the catalog (a restore, a hand edit), and the batch is refused (409) rather than loop.
 */
export const CHECKS_AGAIN = 5;

/** Stores a batch (validated or throwing RuleError) and keeps the rollups exact. */
export async function recordConsentEvents(
  db: Db,
  actor: Actor,
  raw: unknown[],
  options: {
    now?: Date;
    gpcHeader?: boolean;
    /** Runs inside the batch's transaction (an import's progress commits with its rows). */
    alongside?: (tx: Tx, result: IngestResult) => Promise<void>;
  } = {},
): Promise<IngestResult> {
  for (let checkedAgain = 0; ; checkedAgain++) {
    const events = await resolveConsentEvents(db, raw, {
      now: options.now ?? new Date(),
      gpcHeader: options.gpcHeader,
    });
    try {
      return await storeConsentEvents(db, actor, events, options);
    } catch (error) {
      // A purpose changed since the check: checking again puts each event on the version in
      // force when it occurred, or names the events it refuses (retired, deleted). A few times:
      // a catalog that keeps moving (a restore, a hand edit) answers 409 rather than a loop.
      if (!(error instanceof PurposeChangedError) || checkedAgain >= CHECKS_AGAIN) throw error;
    }
  }
}

type StoreOptions = {
  alongside?: (tx: Tx, result: IngestResult) => Promise<void>;
  /** Said of the batch in its audit event besides the counts (where it came from). */
  auditDetail?: Record<string, unknown>;
  /** Also say which eventIds were stored (an import counts rows that became several events). */
  storedIds?: boolean;
};

/**
 * Stores events already resolved by `resolveConsentEvents`, in one transaction with their
 * rollup corrections and audit event (an import resolves its next batch while this one is
 * stored), run again if PostgreSQL aborts it (a deadlock).
 */
export async function storeConsentEvents(
  db: Db,
  actor: Actor,
  events: Resolved[],
  options: StoreOptions = {},
): Promise<IngestResult> {
  return retryTransaction(() =>
    db.transaction((tx) => storeConsentEventsIn(tx, actor, events, options)),
  );
}

/**
 * The same inside a transaction the caller holds (the preference page reads and stores under
 * one set of locks); running it again after an abort is the caller's.
 */
export async function storeConsentEventsIn(
  tx: Tx,
  actor: Actor,
  events: Resolved[],
  options: StoreOptions = {},
): Promise<IngestResult> {
  // Locks first: each insert's snapshot must be taken once they are held (consent.int.test.ts
  // shows the drift on PostgreSQL when it is not).
  // The batch's purposes are held too, and a batch checked before one of them changed is
  // refused (PurposeChangedError, PurposeRetiredError): a retired purpose takes no more events,
  // and an event takes the version in force when it occurred, saved meanwhile or not.
  await lockForEvents(tx, events);
  // The actor's hold (its key, or its role, checked until the commit: lib/audit/record) once
  // the customers' locks are held, not before: taken before, it would be held while the batch
  // waits for them (seconds under load, batch after batch), and a revocation waiting for it
  // might never get in. The audit event is written by the batch's own statement: every round
  // trip made under the locks is one more wait for the batches of the same customers.
  await holdAccess(tx, actor);
  let accepted = 0;
  const storedIds: string[] = [];
  const received = events.length;
  const audit = { action: "consent_events.ingest", entityType: "consent_events" } as const;
  for (let i = 0; i < events.length; i += INSERT_CHUNK) {
    const chunk = events.slice(i, i + INSERT_CHUNK);
    // The batch's audit event is written by its last statement, which knows what it stored:
    // not a round trip of its own while the customers' locks are held.
    const stored = sql`(${accepted}::int + (select count(*)::int from ins))`;
    const event =
      i + INSERT_CHUNK >= events.length
        ? auditInsert(
            tx,
            actor,
            audit,
            sql`jsonb_build_object('received', ${received}::int, 'accepted', ${stored},
                  'duplicates', ${received}::int - ${stored})
                || ${JSON.stringify(options.auditDetail ?? {})}::jsonb`,
          )
        : undefined;
    const inserted = await insertWithCorrections(tx, chunk, options.storedIds === true, event);
    accepted += inserted.accepted;
    storedIds.push(...inserted.ids);
  }
  // A batch of no events (no caller sends one: each refuses or skips it) stores and audits nothing.
  if (accepted > 0) await figuresChanged(tx, audit.entityType);
  const result: IngestResult = {
    accepted,
    duplicates: events.length - accepted,
    ...(options.storedIds ? { storedIds } : {}),
  };
  await options.alongside?.(tx, result);
  return result;
}

/**
 * Takes the locks a consent write for `subjectIds` needs, in `tx`: theirs and those of every
 * other profile of the same persons (person reach is counted over all of a person's ids, so two
 * batches for two ids of one person must not count side by side). Membership read before the
 * locks may move meanwhile; it is read again under them. Held until `tx` ends; taking them again
 * in the same transaction waits for nothing.
 */
export async function lockConsentSubjects(
  tx: Tx,
  subjectIds: string[],
  /**
   * The purposes a batch stores events for, with the newest version the batch was checked
   * against: held as they are until `tx` ends (an edit or a retirement, which locks its
   * purpose's row for update, waits for the batch), in the same round trip. PurposeRetiredError
   * if one was retired since the batch was checked, PurposeChangedError if one has a newer
   * version or is gone (deleted).
   */
  purposes: HeldPurpose[] = [],
): Promise<void> {
  const { members, retired, changed } = await personMembers(tx, subjectIds, purposes);
  if (retired.length) throw new PurposeRetiredError(retired.sort());
  if (changed.length) throw new PurposeChangedError(changed.sort());
  // The members read again once the locks are granted, in the same round trip.
  const now = await lockSubjectsThenMembers(tx, [...subjectIds, ...members], subjectIds);
  const locked = new Set(members);
  if (now.some((m) => !locked.has(m))) await lockSubjects(tx, now);
}

/**
 * The locks storeConsentEventsIn takes for `events` (their customers, with every profile of their
 * persons, and their purposes), with those of `others` among them in one ascending set: for a
 * transaction that writes other customers' data first (a Segment batch's profiles).
 */
export function lockForEvents(tx: Tx, events: Resolved[], others: string[] = []): Promise<void> {
  return lockConsentSubjects(
    tx,
    [...others, ...events.map((e) => e.subjectId)],
    events.map((e) => ({ id: e.purposeId, latest: e.purposeLatest })),
  );
}

/** A purpose a batch stores events for, and the newest version it was checked against. */
type HeldPurpose = { id: string; latest?: number };

/**
 * The subject ids of every profile belonging to the persons of `subjectIds`; and of `purposes`,
 * locked with the lock a stored event's foreign key takes anyway (FOR KEY SHARE: only an edit,
 * a retirement or a delete waits for it), the keys of those retired and of those changed since
 * (a version newer than the batch's; the id of one deleted). A row locked after waiting for an
 * edit is read as the edit left it.
 */
async function personMembers(
  tx: Tx,
  subjectIds: string[],
  purposes: HeldPurpose[] = [],
): Promise<{ members: string[]; retired: string[]; changed: string[] }> {
  const newest = new Map<string, number | null>();
  for (const p of purposes)
    newest.set(p.id, Math.max(newest.get(p.id) ?? 0, p.latest ?? 0) || null);
  const batch = [...newest].map(([id, latest]) => ({ id, latest }));
  const rows = rowsOf<{
    subject_id: string | null;
    retired: string | null;
    changed: string | null;
  }>(
    await tx.execute(sql`
      with batch as materialized (
        select * from ${records(batch)} as b(id uuid, latest int)
      ), held as materialized (
        select id, key, status, version from purposes
        where id in (select id from batch)
        for key share
      )
      select m.subject_id, null::text as retired, null::text as changed from profiles m
      where m.person_id in (
        select p.person_id from profiles p
        where p.subject_id in ${texts(new Set(subjectIds))}
      )
      union all
      select null, key, null from held where status = 'retired'
      union all
      select null, null, coalesce(h.key, b.id::text) from batch b left join held h on h.id = b.id
      where h.id is null or (h.status <> 'retired' and h.version > b.latest)`),
  );
  return {
    members: rows.flatMap((r) => (r.subject_id === null ? [] : [r.subject_id])).sort(),
    retired: rows.flatMap((r) => (r.retired === null ? [] : [r.retired])),
    changed: rows.flatMap((r) => (r.changed === null ? [] : [r.changed])),
  };
}

/** Recomputes every rollup from the raw log (after a COPY bulk load, or to verify). */
export async function rebuildConsentRollups(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`delete from consent_rollups where true`);
    await tx.execute(sql`delete from consent_totals where true`);
    await tx.execute(sql`delete from consent_daily where true`);
    await tx.execute(sql`
      with tl as (
        select *, lead(occurred_at) over (partition by subject_id, purpose_id order by occurred_at, event_id) as next_at
        from consent_events
      ),
      merged as (
        select purpose_id, (occurred_at at time zone 'UTC')::date as day, region, channel,
               1 as decided, (action = 'grant')::int as granted,
               (action = 'grant')::int as grants, (action = 'deny')::int as denies,
               (action = 'withdraw')::int as withdrawals, gpc::int as gpc_events
        from tl
        union all
        select purpose_id, (next_at at time zone 'UTC')::date, region, channel,
               -1, -((action = 'grant')::int), 0, 0, 0, 0
        from tl where next_at is not null
      )
      insert into consent_rollups (purpose_id, day, region, channel, decided, granted, grants, denies, withdrawals, gpc_events)
      select purpose_id, day, region, channel, sum(decided), sum(granted), sum(grants), sum(denies), sum(withdrawals), sum(gpc_events)
      from merged group by purpose_id, day, region, channel
    `);
    await tx.execute(sql`
      insert into consent_totals (purpose_id, region, channel, decided, granted)
      select purpose_id, region, channel, sum(decided), sum(granted)
      from consent_rollups group by purpose_id, region, channel
    `);
    await tx.execute(sql`
      insert into consent_daily (purpose_id, day, decided, granted, grants, denies, withdrawals, gpc_events)
      select purpose_id, day, sum(decided), sum(granted), sum(grants), sum(denies), sum(withdrawals), sum(gpc_events)
      from consent_rollups group by purpose_id, day
    `);
    await rebuildProfileReach(tx);
    await rebuildPersonReach(tx);
  });
}
