import "server-only";
/**
 * A Segment-compatible source (docs/imports.md): `POST /api/v1/segment/batch` takes the
 * batches Segment's libraries send. `identify` upserts a profile (userId and anonymousId become
 * the identifiers `user_id` and `anonymous_id`, traits become identifiers and attributes through
 * the admin's mapping); a `track` named "Segment Consent Preference Updated" becomes consent
 * events from `context.consent.categoryPreferences`, one per purpose listing those categories,
 * and a profile of the customer's ids where they have none yet; a message naming both ids also
 * gives the visitor's profile the userId, so identity matching joins consent given before
 * signing in to the customer; everything else is acknowledged and counted. A batch is validated
 * whole first: a bad message is refused alone, with its reason, and the rest is stored in one
 * transaction or not at all. A messageId already received is skipped, so Segment's retries
 * store nothing twice.
 */
import { englishMessage } from "@/lib/validation-messages";
import { and, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db, Tx } from "@/db/connect";
import { profiles, purposes, segmentMessages } from "@/db/schema";
import { holdAccess, unheld, type Actor } from "@/lib/audit/record";
import { PurposeChangedError, RuleError, type Issue } from "@/lib/errors";
import {
  inEnglish,
  rowReason,
  said,
  schemaReason,
  type RowReason,
  type Said,
} from "@/lib/imports/said";
import {
  CHECKS_AGAIN,
  lockForEvents,
  resolveConsentEvents,
  storeConsentEventsIn,
  type IngestResult,
  type ResolvedConsentEvent,
} from "@/lib/consent/ingest";
import { holdsOnlyStorableText, retryTransaction, storableText } from "@/lib/db-errors";
import { digestIdBase, signalIdBase } from "@/lib/consent/signal-events";
import { resolveProfiles, upsertProfiles } from "@/lib/profiles/ingest";
import { readSetting } from "@/lib/settings";
import { inTexts, records, rowsOf, texts } from "@/lib/sql-rows";
import { MAX_MESSAGES, segmentTypes } from "./constants";
import { MAX_IDENTIFIER_LENGTH, UNKNOWN_REGION } from "@/lib/profiles/schema";
import { storableRegion } from "@/lib/regions";
import { countryCodeOf } from "./countries";
import { CONSENT_EVENT, SEGMENT_SETTING, segmentMappingOf, type SegmentMapping } from "./config";

export { MAX_SEGMENT_BODY_BYTES } from "./constants";

const id = z
  .union([z.string(), z.number()], "validation.segmentIdType")
  .transform((v) => String(v).trim())
  .nullish();
const object = z.record(z.string(), z.unknown()).nullish();

const messageSchema = z.looseObject({
  type: z.enum(segmentTypes, "validation.segmentType"),
  messageId: z
    .string("validation.segmentMessageIdRequired")
    .trim()
    .min(1, "validation.segmentMessageIdRequired")
    .max(200, "validation.segmentMessageIdLong"),
  userId: id,
  anonymousId: id,
  event: z.string().nullish(),
  traits: object,
  properties: object,
  context: object,
  timestamp: z.union([z.string(), z.date()], "validation.segmentTimestamp").nullish(),
  /** The call's time by the device's clock, where a library sends it instead (RudderStack's). */
  originalTimestamp: z.union([z.string(), z.date()], "validation.segmentTimestamp").nullish(),
  sentAt: z.unknown().optional(),
  receivedAt: z.unknown().optional(),
});
type Message = z.output<typeof messageSchema>;

/**
 * What a consent track's eventIds start with: its messageId, which Segment's HTTP API takes as
 * any string, or where that is no valid eventId (a space, a letter beyond ASCII) or too long for
 * one with a purpose key behind it, the messageId's digest: the same message sent again is the
 * same event.
 */
function eventIdBase(messageId: string): string {
  return /^[\x21-\x7e]+$/.test(messageId) ? signalIdBase(messageId) : digestIdBase(messageId);
}

/**
 * The subject id a Segment id is filed under: the id itself, or where a subject id cannot hold
 * it (a space, a letter beyond ASCII, more than 200 characters; Segment takes any string) its
 * digest, `sha256-…`, the same for the same id. The profile keeps the id as it was sent, as its
 * identifier `user_id` or `anonymous_id`, so a search for it finds the customer.
 */
export function subjectOf(id: string): string {
  return /^[\x21-\x7e]{1,200}$/.test(id) ? id : digestIdBase(id);
}

/**
 * A body as Segment's libraries send it (`{ batch: [...] }`), or as Segment relays events to an
 * HTTP destination (its Webhooks destinations): one message, or a list of them when batching is
 * on. The last two are read as a batch of them.
 */
export function asSegmentBatch(body: unknown): unknown {
  if (Array.isArray(body)) return { batch: body };
  if (!isRecord(body)) return body;
  if (!("batch" in body)) return "type" in body ? { batch: [body] } : body;
  // A batch's own `context` is every message's, each of its keys replaced by the message's own
  // (so a message's consent choices are never joined with the batch's).
  if (!isRecord(body.context) || !Array.isArray(body.batch)) return body;
  const shared = body.context;
  return {
    ...body,
    batch: body.batch.map((message: unknown) =>
      isRecord(message)
        ? {
            ...message,
            context: { ...shared, ...(isRecord(message.context) ? message.context : {}) },
          }
        : message,
    ),
  };
}

export const segmentBatchSchema = z.looseObject({
  /** When the sender's library sent the batch, by its own clock (analytics-node sets it). */
  sentAt: z.unknown().optional(),
  batch: z
    .array(z.unknown(), "batch is a list of messages")
    .min(1, "Send at least one message")
    .max(MAX_MESSAGES, `Send at most ${MAX_MESSAGES} messages per batch`),
});

export async function getSegmentMapping(db: Db): Promise<SegmentMapping> {
  return segmentMappingOf(await readSetting(db, SEGMENT_SETTING));
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** The two-letter country a message names in its traits or context, if any. */
function countryOf(
  message: Message,
): { region: string; field: string } | { unreadable: string; field: string } | undefined {
  const location = isRecord(message.context?.location) ? message.context.location : {};
  const traitsField = message.traits ? "traits" : "context.traits";
  const traits =
    message.traits ?? (isRecord(message.context?.traits) ? message.context.traits : {});
  const address = isRecord(traits.address) ? traits.address : {};
  const candidates: [unknown, string][] = [
    [traits.country, `${traitsField}.country`],
    [address.country, `${traitsField}.address.country`],
    [location.country, "context.location.country"],
  ];
  for (const [candidate, field] of candidates) {
    if (typeof candidate !== "string" || candidate.trim() === "") continue;
    const region = countryCodeOf(candidate);
    // Quoted in the refusal, which is stored: what of it PostgreSQL can store (no NUL, no half
    // of an emoji cut through).
    return region
      ? { region, field }
      : { unreadable: storableText(candidate.trim().slice(0, 60)), field };
  }
  return undefined;
}

/**
 * The field of a message that gave an item's field, so that a refusal names what the sender
 * sent (`timestamp`), not the consent API's own fields (`occurredAt`).
 */
function messageField(message: Message | undefined, field: string): string {
  if (!message) return field;
  if (field === "occurredAt")
    return message.timestamp == null && message.originalTimestamp != null
      ? "originalTimestamp"
      : "timestamp";
  if (field === "purpose") return "context.consent.categoryPreferences";
  if (field === "region") {
    const country = countryOf(message);
    if (country) return country.field;
  }
  return field;
}

/** The region of a locale such as de-DE: a guess, since it is the device's language. */
function localeRegionOf(message: Message): string | undefined {
  const locale = message.context?.locale;
  if (typeof locale !== "string") return undefined;
  const region = /^[a-z]{2,3}[-_]([A-Za-z]{2})\b/.exec(locale.trim())?.[1]?.toUpperCase();
  if (region === undefined) return undefined;
  // en-UK means Britain (GB); a code no country has says nothing.
  const stored = storableRegion(region);
  return stored === UNKNOWN_REGION ? undefined : stored;
}

/** Where a library runs: analytics.js on the web, the mobile SDKs in an app, else other. */
function channelOf(message: Message): "web" | "app" | "other" {
  const library = isRecord(message.context?.library) ? message.context.library.name : undefined;
  const name = typeof library === "string" ? library.toLowerCase() : "";
  if (name.includes("analytics.js") || name.includes("analytics-next")) return "web";
  if (/ios|android|react-native|flutter|kotlin|swift/.test(name)) return "app";
  return "other";
}

/** A trait's value as stored text; objects and empty values are not mapped. */
function traitText(value: unknown): string | undefined {
  if (typeof value === "string") return value.trim() || undefined;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

export type SegmentResult = {
  received: number;
  duplicates: number;
  /** Messages that could not be used; kept with their reason (the admin page lists them). */
  refused: number;
  profiles: number;
  consentEvents: number;
  issues: Issue[];
};

type Parsed = { index: number; message: Message; subjectId: string };
/** Refuses a message for a reason: a validation key or English text, or a catalog sentence. */
type Refuse = (index: number, path: string, reason: string | Said) => void;
type ProfileItem = {
  subjectId: string;
  region: string;
  identifiers: Record<string, string>;
  attributes: { group: string; name: string; value: string; source?: string }[];
};

/**
 * Stores one batch, message by message: a message that cannot be used is refused with its
 * reason (kept, so the admin sees it) and the rest are stored. Segment does not send a batch
 * again after a 4xx, so refusing the whole batch for one bad message would lose the others.
 */
export async function ingestSegmentBatch(
  db: Db,
  actor: Actor,
  raw: unknown[],
  options: { now?: Date; sentAt?: unknown } = {},
): Promise<SegmentResult> {
  for (let checkedAgain = 0; ; checkedAgain++) {
    try {
      return await ingestSegmentBatchOnce(db, actor, raw, options);
    } catch (error) {
      // A purpose changed since the batch was checked: checking it again puts its messages on
      // the version then in force, or refuses them (retired, deleted). A few times (CHECKS_AGAIN).
      if (!(error instanceof PurposeChangedError) || checkedAgain >= CHECKS_AGAIN) throw error;
    }
  }
}

async function ingestSegmentBatchOnce(
  db: Db,
  actor: Actor,
  raw: unknown[],
  options: { now?: Date; sentAt?: unknown },
): Promise<SegmentResult> {
  const now = options.now ?? new Date();
  const batchSentAt = instantOf(options.sentAt);
  const issues: Issue[] = [];
  /** Each refused message's reasons as the catalog says them, for the admin page. */
  const reasons = new Map<number, RowReason[]>();
  const refuse: Refuse = (index, path, reason) => {
    issues.push({
      path: path ? `batch.${index}.${path}` : `batch.${index}`,
      message: typeof reason === "string" ? englishMessage(reason) : inEnglish(reason),
    });
    reasons.set(index, [...(reasons.get(index) ?? []), rowReason(path, reason)]);
  };
  const messages: Parsed[] = [];
  const unparsed: { index: number; messageId?: string; type?: string }[] = [];
  raw.forEach((item, index) => {
    // Text PostgreSQL cannot store (a NUL character, broken Unicode) in what is stored of a
    // message as it is refuses that message alone: stored, it would fail the whole batch's
    // transaction. (Traits become profile values, refused one by one by their own schema;
    // context and properties are read, not stored.)
    const loose = isRecord(item) ? item : {};
    const storable = holdsOnlyStorableText([
      loose.type,
      loose.messageId,
      loose.event,
      loose.userId,
      loose.anonymousId,
    ]);
    const parsed = storable ? messageSchema.safeParse(item) : null;
    if (!parsed?.success) {
      if (!parsed) refuse(index, "", "validation.unstorableText");
      else
        for (const issue of parsed.error.issues)
          refuse(index, issue.path.join("."), schemaReason(issue));
      const text = (value: unknown, max: number) =>
        typeof value === "string" ? storableText(value.slice(0, max)) : undefined;
      unparsed.push({ index, messageId: text(loose.messageId, 200), type: text(loose.type, 20) });
      return;
    }
    const id = parsed.data.userId || parsed.data.anonymousId;
    if (!id) {
      refuse(index, "userId", said("segmentNoUser"));
      unparsed.push({ index, messageId: parsed.data.messageId, type: parsed.data.type });
      return;
    }
    messages.push({ index, message: parsed.data, subjectId: subjectOf(id) });
  });

  // A messageId used before (or twice in this batch) is a retry: skipped. One refused before is
  // not: sent again once what refused it is mended (a mapping, a default region), it is used.
  const ids = [...new Set(messages.map((m) => m.message.messageId))];
  // The customers, and the visitors a message names beside them (whose profiles it links).
  const subjects = [
    ...new Set(
      messages.flatMap((m) => [m.subjectId, subjectOf(m.message.anonymousId || m.subjectId)]),
    ),
  ];
  // Visitors a consent track names alone: the customer a profile carrying their visitor id
  // belongs to, where an identify named both before (linked on the visitor's new profile).
  const visitors = [
    ...new Set(messages.flatMap((m) => (m.message.userId ? [] : [m.message.anonymousId ?? ""]))),
  ].filter(Boolean);
  const [seenRows, mapping, mapped, stored, known] = await Promise.all([
    ids.length
      ? db
          .select({ id: segmentMessages.messageId })
          .from(segmentMessages)
          .where(and(inTexts(segmentMessages.messageId, ids), isNull(segmentMessages.error)))
      : [],
    getSegmentMapping(db),
    segmentCategoryPurposes(db),
    subjects.length
      ? db
          .select({ subjectId: profiles.subjectId, region: profiles.region })
          .from(profiles)
          .where(inTexts(profiles.subjectId, subjects))
      : [],
    visitors.length ? customersOfVisitors(db, visitors) : new Map<string, string>(),
  ]);
  const seen = new Set(seenRows.map((r) => r.id));
  const storedRegion = new Map(stored.map((p) => [p.subjectId, p.region]));
  const fresh = messages.filter(({ message }) => {
    if (seen.has(message.messageId)) return false;
    seen.add(message.messageId);
    return true;
  });

  // Built from the messages not yet refused; validation may refuse more, and then it is built
  // again without them (each round refuses at least one message, so it ends).
  const refused = new Set<number>(issues.map((i) => Number(i.path.split(".")[1])));
  const sent = new Map(fresh.map((m) => [m.index, m.message]));
  let profileItems: ProfileItem[] = [];
  let events: ResolvedConsentEvent[] = [];
  for (;;) {
    const built = buildItems(
      fresh,
      refused,
      mapping,
      mapped,
      storedRegion,
      known,
      now,
      batchSentAt,
      refuse,
    );
    for (const i of built.refusedNow) refused.add(i);
    const before = issues.length;
    /**
     * Each refusal of an item given to the message it came from and the field there, from the
     * item's index and the path within it (`originOf`).
     */
    const relabel =
      (originOf: (index: number, rest: string[]) => [number, string] | undefined) =>
      (error: unknown) => {
        if (!(error instanceof RuleError)) throw error;
        for (const issue of error.issues) {
          const [, index, ...rest] = issue.path.split(".");
          const origin = originOf(Number(index), rest);
          if (origin === undefined) throw error;
          const [at, path] = origin;
          refuse(at, path, issue.said ?? issue.message);
          refused.add(at);
        }
      };
    const [, resolved] = await Promise.all([
      built.profiles.length
        ? resolveProfiles(
            db,
            built.profiles.map((p) => p.item),
          ).catch(
            relabel((i, rest) => {
              const profile = built.profiles[i];
              if (!profile) return undefined;
              const [at, path] = profileOrigin(profile, rest);
              return [at, messageField(sent.get(at), path)];
            }),
          )
        : undefined,
      built.events.length
        ? resolveConsentEvents(
            db,
            built.events.map((e) => e.item),
            { now },
          ).catch(
            relabel((i, rest) => {
              const origin = built.events[i]?.origin;
              return origin === undefined
                ? undefined
                : [origin, messageField(sent.get(origin), rest.join("."))];
            }),
          )
        : undefined,
    ]);
    if (issues.length === before) {
      profileItems = built.profiles.map((p) => p.item);
      events = resolved ?? [];
      break;
    }
  }
  const reasonOf = (index: number) =>
    issues
      .filter((i) => i.path === `batch.${index}` || i.path.startsWith(`batch.${index}.`))
      .map((i) => `${i.path.split(".").slice(2).join(".") || "message"}: ${i.message}`)
      .join("; ");
  /** Cut at 1,000 characters, never through an emoji (a half of one is no text to store). */
  const reasonText = (index: number) => storableText(reasonOf(index).slice(0, 1000));
  /** At most 20 reasons a message, as the English is cut at 1,000 characters. */
  const reasonsOf = (index: number) => reasons.get(index)?.slice(0, 20) ?? null;
  const rows = [
    ...fresh.map(({ index, message }) => ({
      message_id: message.messageId,
      type: message.type,
      event: message.type === "track" ? (message.event ?? null) : null,
      error: refused.has(index) ? reasonText(index) : null,
      reasons: refused.has(index) ? reasonsOf(index) : null,
    })),
    // Messages too broken to parse are kept under their id when they have one (once: a sender
    // may queue the same broken call twice, and one statement cannot write a row twice).
    ...unparsed
      .filter((u) => u.messageId && !seen.has(u.messageId) && (seen.add(u.messageId), true))
      .map((u) => ({
        message_id: u.messageId!,
        type: u.type ?? "unknown",
        event: null,
        error: reasonText(u.index),
        reasons: reasonsOf(u.index),
      })),
  ];
  // One transaction: the profiles, the consent events and the messages marked received are
  // stored together or not at all, so a batch that fails (a 5xx) is whole when Segment sends it
  // again. upsertProfiles holds it when there are profiles; the consent is stored alongside.
  let consentResult: IngestResult | undefined;
  /** The consent and the messages, with the key held by the consent's statement or not. */
  const store = (consentActor: Actor) => async (tx: Tx) => {
    consentResult = events.length
      ? await storeConsentEventsIn(tx, consentActor, events)
      : undefined;
    // One JSON parameter for the batch, as the other ingest paths write theirs.
    if (rows.length)
      await tx.execute(sql`
        insert into segment_messages as m (message_id, type, event, error, reasons)
        select message_id, type, event, error, reasons
        from ${records(rows)}
          as x(message_id text, type text, event text, error text, reasons jsonb)
        on conflict (message_id) do update
          set type = excluded.type, event = excluded.event, error = excluded.error,
              reasons = excluded.reasons, received_at = excluded.received_at
          -- Only a refused message is replaced; one used stays as it was.
          where m.error is not null`);
  };
  // The key is held until the commit, once: by the profiles' audit event, which comes right
  // after what is stored alongside (the consent's statement holds nothing then), or without
  // profiles by the consent's; a batch that stores neither (page calls, refused messages) holds
  // it itself, so that a key revoked while the batch ran notes nothing as received either.
  const alone = async (tx: Tx) => {
    await store(actor)(tx);
    if (!events.length) await holdAccess(tx, actor);
  };
  const profileResult = profileItems.length
    ? await upsertProfiles(db, actor, profileItems, {
        now,
        alongside: store(unheld(actor)),
        // The consent's customers locked with the profiles', before the identity's lock, which
        // every profile write waits for: not while that lock is held.
        lock: events.length ? (tx, subjectIds) => lockForEvents(tx, events, subjectIds) : undefined,
      })
    : rows.length
      ? await retryTransaction(() => db.transaction(alone)).then(() => undefined)
      : undefined;
  issues.sort((a, b) => Number(a.path.split(".")[1]) - Number(b.path.split(".")[1]));
  return {
    received: fresh.length,
    duplicates: messages.length - fresh.length,
    refused: new Set(issues.map((i) => i.path.split(".")[1])).size,
    profiles: profileResult?.accepted ?? 0,
    consentEvents: consentResult?.accepted ?? 0,
    issues,
  };
}

/** A date-time a sender gave, or undefined when it gave none that reads as one. */
function instantOf(value: unknown): Date | undefined {
  if (typeof value !== "string" && !(value instanceof Date)) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * A message's timestamp on this server's clock, as Segment itself corrects it: a device's clock
 * may run minutes off, so the time between the call and the send (both by that clock) is taken
 * back from when the batch arrived. A message that came through Segment (it has `receivedAt`)
 * was corrected there; one whose sender gave no send time is taken as it is.
 */
function senderTime(
  timestamp: Date,
  message: Message,
  batchSentAt: Date | undefined,
  now: Date,
): Date {
  if (message.receivedAt !== undefined) return timestamp;
  const sentAt = instantOf(message.sentAt) ?? batchSentAt;
  if (!sentAt || Number.isNaN(timestamp.getTime())) return timestamp;
  return new Date(now.getTime() - (sentAt.getTime() - timestamp.getTime()));
}

/**
 * A profile built from a batch's identify calls for one customer: a later call's values win, as
 * they would one call at a time, and each value remembers the call it came from, so a value
 * refused is blamed on the call that sent it (`origin`: the latest, for the rest).
 */
type MergedProfile = {
  origin: number;
  item: ProfileItem;
  /** Per attribute (as the item orders them) and per identifier: the call and its field. */
  attributeOrigins: Origin[];
  identifierOrigins: Record<string, Origin>;
};
type Origin = { index: number; field: string };

/**
 * The call a refusal of a merged profile's field came from (`rest`: the field's path within the
 * item), and the field that gave it (a trait, userId); the latest call, and the item's path, for
 * the rest.
 */
function profileOrigin(profile: MergedProfile, rest: string[]): [number, string] {
  const [field, key] = rest;
  const origin =
    field === "attributes"
      ? profile.attributeOrigins[Number(key)]
      : field === "identifiers" && key
        ? profile.identifierOrigins[key]
        : undefined;
  return origin ? [origin.index, origin.field] : [profile.origin, rest.join(".")];
}

/** The profile upserts and consent events of the messages not refused, each with its message. */
function buildItems(
  fresh: Parsed[],
  refused: Set<number>,
  mapping: SegmentMapping,
  mapped: { key: string; categories: string[] }[],
  storedRegion: Map<string, string>,
  known: Map<string, string>,
  now: Date,
  batchSentAt: Date | undefined,
  refuse: Refuse,
) {
  const refusedNow: number[] = [];
  const fail = (index: number, path: string, reason: Said) => {
    refuse(index, path, reason);
    refusedNow.push(index);
  };
  const profileBySubject = new Map<string, MergedProfile>();
  const events: { origin: number; item: Record<string, unknown> }[] = [];
  const regions = new Map(storedRegion);
  /** The batch's profile of a customer, begun empty (their region only) if it has none yet. */
  const entryOf = (subjectId: string, index: number, region: string): MergedProfile => {
    let entry = profileBySubject.get(subjectId);
    if (!entry) {
      entry = {
        origin: index,
        item: { subjectId, region, identifiers: {}, attributes: [] },
        attributeOrigins: [],
        identifierOrigins: {},
      };
      profileBySubject.set(subjectId, entry);
    }
    return entry;
  };
  /**
   * A message's ids as the profile's identifiers `user_id` and `anonymous_id`; one longer than
   * an identifier may be is left out (the customer is still filed under its digest), rather
   * than refusing their message for it.
   */
  const idsOf = (entry: MergedProfile, message: Message, index: number) => {
    const { userId, anonymousId } = message;
    if (userId && userId.length <= MAX_IDENTIFIER_LENGTH) {
      entry.item.identifiers.user_id = userId;
      entry.identifierOrigins.user_id = { index, field: "userId" };
    }
    if (anonymousId && anonymousId.length <= MAX_IDENTIFIER_LENGTH) {
      entry.item.identifiers.anonymous_id = anonymousId;
      entry.identifierOrigins.anonymous_id = { index, field: "anonymousId" };
    }
  };
  /**
   * A message naming both a userId and an anonymousId says the visitor is that customer: the
   * profile the visitor has (consent given before signing in made one) carries the userId too,
   * so that matching on user_id joins the two into one person for good, whichever visitor id
   * the customer's own profile holds later (one per type: the latest device's).
   */
  const link = (message: Message, index: number) => {
    const { userId, anonymousId } = message;
    if (!userId || !anonymousId || userId === anonymousId) return;
    if (userId.length > MAX_IDENTIFIER_LENGTH) return;
    const visitor = subjectOf(anonymousId);
    const stored = storedRegion.get(visitor);
    const region =
      profileBySubject.get(visitor)?.item.region ??
      (stored === undefined ? undefined : storableRegion(stored));
    if (region === undefined) return; // the visitor has no profile
    const entry = entryOf(visitor, index, region);
    entry.item.identifiers.user_id = userId;
    entry.identifierOrigins.user_id = { index, field: "userId" };
  };
  /**
   * The one customer an identify of this batch named beside `visitor` (none where several
   * were, as customersOfVisitors decides for stored profiles).
   */
  const customerInBatch = (visitor: string) => {
    const customers = new Set(
      [...profileBySubject.values()]
        .filter((p) => p.item.identifiers.anonymous_id === visitor && p.item.subjectId !== visitor)
        .flatMap((p) => p.item.identifiers.user_id ?? []),
    );
    return customers.size === 1 ? [...customers][0] : undefined;
  };
  for (const { index, message, subjectId } of fresh) {
    if (refused.has(index)) continue;
    const isConsent = message.type === "track" && message.event === CONSENT_EVENT;
    if (message.type !== "identify" && !isConsent) continue;
    // A country the message states wins (its subdivision stored before kept); else the region
    // the profile has; the device's locale
    // only for a customer seen for the first time (a German customer's phone set to en-US stays
    // German); the admin's default last.
    // A country it names that is no country is refused (the sender can mend it); none at all is
    // ZZ, ISO 3166's code for an unknown region, so that no customer is dropped for want of one.
    const country = countryOf(message);
    if (country && "unreadable" in country) {
      fail(index, country.field, said("segmentBadCountry", { country: country.unreadable }));
      continue;
    }
    // A customer filed under ZZ so far takes the first region a later message gives.
    // As stored: a code refused or replaced since (UK) is read as new data would carry it.
    const kept = regions.get(subjectId);
    const stored = kept === undefined ? undefined : storableRegion(kept);
    // A stated country keeps the subdivision stored in it (US keeps US-CA): naming the country
    // only is no move.
    const stated = country?.region;
    const region =
      (stated && stored?.startsWith(`${stated}-`) ? stored : stated) ??
      (stored === UNKNOWN_REGION ? undefined : stored) ??
      localeRegionOf(message) ??
      (mapping.defaultRegion || UNKNOWN_REGION);
    regions.set(subjectId, region);
    if (message.type === "identify") {
      const entry = entryOf(subjectId, index, region);
      entry.origin = index;
      entry.item.region = region;
      idsOf(entry, message, index);
      link(message, index);
      for (const m of mapping.traits) {
        const value = traitText(message.traits?.[m.trait]);
        if (value === undefined) continue;
        if (m.identifier) {
          entry.item.identifiers[m.identifier] = value;
          entry.identifierOrigins[m.identifier] = { index, field: `traits.${m.trait}` };
        }
        if (m.attribute) {
          const [group, name] = m.attribute.split(".") as [string, string];
          // A later identify of the same subject in the batch wins, as it would one at a time.
          const kept = entry.item.attributes.map((a) => a.group !== group || a.name !== name);
          entry.item.attributes = entry.item.attributes.filter((_, i) => kept[i]);
          entry.attributeOrigins = entry.attributeOrigins.filter((_, i) => kept[i]);
          entry.attributeOrigins.push({ index, field: `traits.${m.trait}` });
          entry.item.attributes.push({
            group,
            name,
            value,
            ...(mapping.source ? { source: mapping.source } : {}),
          });
        }
      }
      continue;
    }
    const consent = isRecord(message.context?.consent) ? message.context.consent : {};
    const preferences = consent.categoryPreferences;
    if (!isRecord(preferences)) {
      fail(
        index,
        "context.consent.categoryPreferences",
        said("segmentNoCategories", { event: CONSENT_EVENT }),
      );
      continue;
    }
    const stamped = message.timestamp ?? message.originalTimestamp;
    const occurredAt = stamped ? senderTime(new Date(stamped), message, batchSentAt, now) : now;
    if (Number.isNaN(occurredAt.getTime())) {
      fail(index, "timestamp", said("segmentTimestamp"));
      continue;
    }
    // Categories are matched without regard to case: consent managers spell them variously.
    const choice = new Map(
      Object.entries(preferences).map(([category, value]) => [category.toLowerCase(), value]),
    );
    let decided = 0;
    for (const purpose of mapped) {
      const values = purpose.categories.map((c) => choice.get(c.toLowerCase()));
      if (values.some((v) => typeof v !== "boolean")) continue; // not decided by this message
      events.push({
        origin: index,
        item: {
          eventId: `${eventIdBase(message.messageId)}:${purpose.key}`,
          subjectId,
          purpose: purpose.key,
          action: values.every((v) => v === true) ? "grant" : "deny",
          occurredAt: occurredAt.toISOString(),
          channel: channelOf(message),
          region,
          ...(mapping.source ? { source: mapping.source } : {}),
        },
      });
      decided++;
    }
    if (decided === 0) {
      fail(
        index,
        "context.consent.categoryPreferences",
        choice.size
          ? said("segmentNoPurpose", {
              categories: storableText([...choice.keys()].join(", ").slice(0, 200)),
            })
          : said("segmentNoCategory"),
      );
      continue;
    }
    // A customer first met through their consent (a visitor before signing in, most often) gets
    // a profile of their ids and region, as an identify without traits would give them: the
    // profile that matching joins to the one they sign in to, so the consent counts for them.
    if (!storedRegion.has(subjectId) && !profileBySubject.has(subjectId)) {
      const entry = entryOf(subjectId, index, region);
      idsOf(entry, message, index);
      // A visitor an identify already named beside a customer (in this batch, or stored with
      // one customer only) is that customer's, as link() makes it when the identify comes after.
      const customer =
        !message.userId && message.anonymousId
          ? (customerInBatch(message.anonymousId) ?? known.get(message.anonymousId))
          : undefined;
      if (customer) {
        entry.item.identifiers.user_id = customer;
        entry.identifierOrigins.user_id = { index, field: "anonymousId" };
      }
    }
    link(message, index);
  }
  return { profiles: [...profileBySubject.values()], events, refusedNow };
}

/**
 * For each visitor id, the user id of the one customer whose stored profile carries it (a
 * device several customers signed in on names none: whose consent it gave is not known).
 */
async function customersOfVisitors(db: Db, visitors: string[]): Promise<Map<string, string>> {
  const rows = rowsOf<{ visitor: string; customer: string }>(
    await db.execute(sql`
      select v.normalized as visitor, min(u.value) as customer
      from profile_identifiers v
      join profile_identifiers u on u.subject_id = v.subject_id and u.type = 'user_id'
      where v.type = 'anonymous_id' and v.subject_id <> v.normalized
        and v.normalized in ${texts(visitors)}
      group by v.normalized
      having count(distinct u.value) = 1`),
  );
  return new Map(rows.map((r) => [r.visitor, r.customer]));
}

/** What arrived through the Segment source, by message type (and track event), newest first. */
export async function segmentCounts(db: Db) {
  const rows = await db
    .select({
      type: segmentMessages.type,
      event: segmentMessages.event,
      messages: sql<number>`count(*)::int`,
      last: sql<Date>`max(${segmentMessages.receivedAt})`,
    })
    .from(segmentMessages)
    .where(sql`${segmentMessages.error} is null`)
    .groupBy(segmentMessages.type, segmentMessages.event)
    .orderBy(sql`count(*) desc`);
  return rows.map((r) => ({
    type: r.type,
    event: r.event,
    messages: Number(r.messages),
    last: new Date(r.last).toISOString(),
  }));
}

/** The purposes that list Segment consent categories, for the admin page. */
export async function segmentCategoryPurposes(db: Db) {
  return db
    .select({ key: purposes.key, name: purposes.name, categories: purposes.segmentCategories })
    .from(purposes)
    .where(sql`cardinality(${purposes.segmentCategories}) > 0 and ${purposes.status} <> 'retired'`)
    .orderBy(purposes.name);
}

/** The latest refused messages with their reasons, for the admin page. */
export async function refusedSegmentMessages(db: Db, limit = 20) {
  const rows = await db
    .select({
      messageId: segmentMessages.messageId,
      type: segmentMessages.type,
      error: segmentMessages.error,
      reasons: segmentMessages.reasons,
      receivedAt: segmentMessages.receivedAt,
    })
    .from(segmentMessages)
    .where(sql`${segmentMessages.error} is not null`)
    .orderBy(sql`${segmentMessages.receivedAt} desc`)
    .limit(limit);
  return rows.map((r) => ({
    ...r,
    error: r.error!,
    reasons: r.reasons as RowReason[] | null,
    receivedAt: new Date(r.receivedAt).toISOString(),
  }));
}
