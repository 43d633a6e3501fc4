import "server-only";
/**
 * A Segment-compatible source (DESIGN.md "Real data in"): `POST /api/v1/segment/batch` takes the
 * batches Segment's libraries send. `identify` upserts a profile (userId and anonymousId become
 * the identifiers `user_id` and `anonymous_id`, traits become identifiers and attributes through
 * the admin's mapping); a `track` named "Segment Consent Preference Updated" becomes consent
 * events from `context.consent.categoryPreferences`, one per purpose listing those categories;
 * everything else is acknowledged and counted. A batch is validated whole first — nothing is
 * written when a message is bad — and a messageId already received is skipped, so Segment's
 * retries store nothing twice.
 */
import { inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/connect";
import { profiles, purposes, segmentMessages } from "@/db/schema";
import type { Actor } from "@/lib/audit/record";
import { RuleError, type Issue } from "@/lib/errors";
import { recordConsentEvents, resolveConsentEvents } from "@/lib/consent/ingest";
import { resolveProfiles, upsertProfiles } from "@/lib/profiles/ingest";
import { readSetting } from "@/lib/settings";
import { MAX_MESSAGES, segmentTypes } from "./constants";
import { CONSENT_EVENT, SEGMENT_SETTING, segmentMappingOf, type SegmentMapping } from "./config";

export { MAX_SEGMENT_BODY_BYTES } from "./constants";

const id = z
  .union([z.string(), z.number()])
  .transform((v) => String(v).trim())
  .nullish();
const object = z.record(z.string(), z.unknown()).nullish();

const messageSchema = z.looseObject({
  type: z.enum(segmentTypes, `type is one of ${segmentTypes.join(", ")}`),
  messageId: z
    .string("messageId is required")
    .trim()
    .min(1, "messageId is required")
    .max(200, "messageId has at most 200 characters"),
  userId: id,
  anonymousId: id,
  event: z.string().nullish(),
  traits: object,
  properties: object,
  context: object,
  timestamp: z.union([z.string(), z.date()]).nullish(),
});
type Message = z.output<typeof messageSchema>;

export const segmentBatchSchema = z.looseObject({
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

/** A region code a message names: a two-letter country (traits or context), else its locale's. */
function regionOf(message: Message): string | undefined {
  const location = isRecord(message.context?.location) ? message.context.location : {};
  const traits =
    message.traits ?? (isRecord(message.context?.traits) ? message.context.traits : {});
  for (const candidate of [traits.country, location.country]) {
    if (typeof candidate === "string" && /^[A-Za-z]{2}$/.test(candidate.trim()))
      return candidate.trim().toUpperCase();
  }
  const locale = message.context?.locale;
  if (typeof locale === "string") {
    const region = /^[a-z]{2,3}[-_]([A-Za-z]{2})\b/.exec(locale.trim())?.[1];
    if (region) return region.toUpperCase();
  }
  return undefined;
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
  profiles: number;
  consentEvents: number;
};

/**
 * Validates and stores one batch. Throws RuleError with issues named `batch.<index>.<field>`
 * when any message is unusable; nothing is written then.
 */
export async function ingestSegmentBatch(
  db: Db,
  actor: Actor,
  raw: unknown[],
  options: { now?: Date } = {},
): Promise<SegmentResult> {
  const now = options.now ?? new Date();
  const issues: Issue[] = [];
  const messages: { index: number; message: Message; subjectId: string }[] = [];
  raw.forEach((item, index) => {
    const parsed = messageSchema.safeParse(item);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        issues.push({ path: ["batch", index, ...issue.path].join("."), message: issue.message });
      return;
    }
    const subjectId = parsed.data.userId || parsed.data.anonymousId;
    if (!subjectId) {
      issues.push({ path: `batch.${index}.userId`, message: "Send a userId or an anonymousId" });
      return;
    }
    messages.push({ index, message: parsed.data, subjectId });
  });

  // A messageId seen before (or twice in this batch) is a retry: skipped.
  const ids = [...new Set(messages.map((m) => m.message.messageId))];
  const [seenRows, mapping, mapped, stored] = await Promise.all([
    ids.length
      ? db
          .select({ id: segmentMessages.messageId })
          .from(segmentMessages)
          .where(inArray(segmentMessages.messageId, ids))
      : [],
    getSegmentMapping(db),
    db
      .select({ key: purposes.key, categories: purposes.segmentCategories })
      .from(purposes)
      .where(
        sql`${purposes.status} <> 'retired' and cardinality(${purposes.segmentCategories}) > 0`,
      )
      .orderBy(purposes.key),
    db
      .select({ subjectId: profiles.subjectId, region: profiles.region })
      .from(profiles)
      .where(
        inArray(
          profiles.subjectId,
          messages.length ? [...new Set(messages.map((m) => m.subjectId))] : [""],
        ),
      ),
  ]);
  const seen = new Set(seenRows.map((r) => r.id));
  const storedRegion = new Map(stored.map((p) => [p.subjectId, p.region]));
  const fresh = messages.filter(({ message }) => {
    if (seen.has(message.messageId)) return false;
    seen.add(message.messageId);
    return true;
  });

  const profileBySubject = new Map<
    string,
    {
      origin: number;
      item: {
        subjectId: string;
        region: string;
        identifiers: Record<string, string>;
        attributes: { group: string; name: string; value: string; source?: string }[];
      };
    }
  >();
  const events: Record<string, unknown>[] = [];
  const eventOrigin: number[] = [];
  for (const { index, message, subjectId } of fresh) {
    const isConsent = message.type === "track" && message.event === CONSENT_EVENT;
    if (message.type !== "identify" && !isConsent) continue;
    const region =
      regionOf(message) ?? storedRegion.get(subjectId) ?? (mapping.defaultRegion || undefined);
    if (!region) {
      issues.push({
        path: `batch.${index}.context`,
        message:
          "The message names no region: send context.locale (de-DE), context.location.country or traits.country as a two-letter code, or set a default region on /admin/imports",
      });
      continue;
    }
    storedRegion.set(subjectId, region);
    if (message.type === "identify") {
      const entry = profileBySubject.get(subjectId) ?? {
        origin: index,
        item: { subjectId, region, identifiers: {}, attributes: [] },
      };
      entry.item.region = region;
      if (message.userId) entry.item.identifiers.user_id = message.userId;
      if (message.anonymousId) entry.item.identifiers.anonymous_id = message.anonymousId;
      for (const m of mapping.traits) {
        const value = traitText(message.traits?.[m.trait]);
        if (value === undefined) continue;
        if (m.identifier) entry.item.identifiers[m.identifier] = value;
        if (m.attribute) {
          const [group, name] = m.attribute.split(".") as [string, string];
          // A later identify of the same subject in the batch wins, as it would one at a time.
          entry.item.attributes = entry.item.attributes.filter(
            (a) => a.group !== group || a.name !== name,
          );
          entry.item.attributes.push({
            group,
            name,
            value,
            ...(mapping.source ? { source: mapping.source } : {}),
          });
        }
      }
      profileBySubject.set(subjectId, entry);
      continue;
    }
    const consent = isRecord(message.context?.consent) ? message.context.consent : {};
    const preferences = consent.categoryPreferences;
    if (!isRecord(preferences)) {
      issues.push({
        path: `batch.${index}.context.consent.categoryPreferences`,
        message: `A "${CONSENT_EVENT}" track carries context.consent.categoryPreferences: { "<category>": true | false }`,
      });
      continue;
    }
    const occurredAt = message.timestamp ? new Date(message.timestamp) : now;
    if (Number.isNaN(occurredAt.getTime())) {
      issues.push({
        path: `batch.${index}.timestamp`,
        message: "timestamp is an ISO 8601 timestamp such as 2026-11-29T10:00:00Z",
      });
      continue;
    }
    for (const purpose of mapped) {
      const values = purpose.categories.map((c) => preferences[c]);
      if (values.some((v) => typeof v !== "boolean")) continue; // not decided by this message
      events.push({
        eventId: `${message.messageId}:${purpose.key}`,
        subjectId,
        purpose: purpose.key,
        action: values.every((v) => v === true) ? "grant" : "deny",
        occurredAt: occurredAt.toISOString(),
        channel: channelOf(message),
        region,
        ...(mapping.source ? { source: mapping.source } : {}),
      });
      eventOrigin.push(index);
    }
  }
  const profileEntries = [...profileBySubject.values()];
  const profileItems = profileEntries.map((e) => e.item);

  // Everything validated before anything is written: a bad event must not leave profiles stored.
  const relabel = (origin: number[]) => (error: unknown) => {
    if (!(error instanceof RuleError)) throw error;
    for (const issue of error.issues) {
      const [, index, ...rest] = issue.path.split(".");
      const at = origin[Number(index)];
      issues.push({
        path: at === undefined ? issue.path : ["batch", at, ...rest].join("."),
        message: issue.message,
      });
    }
  };
  await Promise.all([
    profileItems.length
      ? resolveProfiles(db, profileItems).catch(relabel(profileEntries.map((e) => e.origin)))
      : undefined,
    events.length
      ? resolveConsentEvents(db, events, { now }).catch(relabel(eventOrigin))
      : undefined,
  ]);
  if (issues.length) {
    const indexOf = (i: Issue) => Number(i.path.split(".")[1]);
    issues.sort((a, b) => indexOf(a) - indexOf(b));
    throw new RuleError(
      `${new Set(issues.map((i) => i.path.split(".")[1])).size} of ${raw.length} messages are invalid; nothing was stored`,
      issues,
    );
  }

  // Each write is idempotent, and the messages are marked received last: a batch that fails
  // half-way is sent again by Segment and completes then, storing nothing twice.
  const profileResult = profileItems.length
    ? await upsertProfiles(db, actor, profileItems, { now })
    : undefined;
  const consentResult = events.length
    ? await recordConsentEvents(db, actor, events, { now })
    : undefined;
  if (fresh.length) {
    await db
      .insert(segmentMessages)
      .values(
        fresh.map(({ message }) => ({
          messageId: message.messageId,
          type: message.type,
          event: message.type === "track" ? (message.event ?? null) : null,
        })),
      )
      .onConflictDoNothing();
  }
  return {
    received: fresh.length,
    duplicates: messages.length - fresh.length,
    profiles: profileResult?.accepted ?? 0,
    consentEvents: consentResult?.accepted ?? 0,
  };
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
