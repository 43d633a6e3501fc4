import "server-only";
/** Reads of the audit trail (newest first), filtered by actor, entity, action and date. */
import {
  and,
  desc,
  eq,
  gte,
  ilike,
  inArray,
  lt,
  or,
  sql,
  type AnyColumn,
  type SQL,
} from "drizzle-orm";
import type { Locale } from "@/i18n/config";
import { z } from "zod";
import type { Db } from "@/db/connect";
import type { AuditCursor } from "@/lib/filters/audit";
import {
  apiKeys,
  auditEvents,
  dataSources,
  laws,
  purposes,
  users,
  type AuditEvent,
} from "@/db/schema";

const day = z.iso.date("validation.dateFormat");

export const auditFilterSchema = z.object({
  actor: z.string().trim().max(200).optional(),
  entityType: z.string().trim().max(50).optional(),
  entityId: z.string().trim().max(200).optional(),
  action: z.string().trim().max(100).optional(),
  /** First day included (UTC). */
  from: day.optional(),
  /** Last day included (UTC). */
  to: day.optional(),
});
export type AuditFilter = z.output<typeof auditFilterSchema>;

export { auditEntityTypes as entityTypes } from "./entity-types";

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function listAuditEvents(
  db: Db,
  filter: AuditFilter = {},
  limit = 200,
  after?: SQL,
): Promise<AuditEvent[]> {
  const where: SQL[] = after ? [after] : [];
  if (filter.actor) {
    const like = `%${escapeLike(filter.actor)}%`;
    where.push(or(ilike(auditEvents.actorLabel, like), eq(auditEvents.actorId, filter.actor))!);
  }
  if (filter.entityType) where.push(eq(auditEvents.entityType, filter.entityType));
  if (filter.entityId) where.push(eq(auditEvents.entityId, filter.entityId));
  if (filter.action) where.push(ilike(auditEvents.action, `${escapeLike(filter.action)}%`));
  if (filter.from) where.push(gte(auditEvents.occurredAt, new Date(`${filter.from}T00:00:00Z`)));
  if (filter.to) {
    const end = new Date(`${filter.to}T00:00:00Z`);
    end.setUTCDate(end.getUTCDate() + 1);
    where.push(lt(auditEvents.occurredAt, end));
  }
  return db
    .select()
    .from(auditEvents)
    .where(and(...where))
    .orderBy(desc(auditEvents.occurredAt), desc(auditEvents.id))
    .limit(limit);
}

/** The trail of one entity (a purpose, a user, …), newest first. */
export function listAuditEventsFor(
  db: Db,
  entityType: string,
  entityId: string,
): Promise<AuditEvent[]> {
  return listAuditEvents(db, { entityType, entityId }, 1000);
}

export const AUDIT_PAGE_SIZE = 50;

/** An entry as the log page shows it: who by name and e-mail, the entity by its name. */
export type AuditEntry = AuditEvent & {
  /** The acting user's current name and e-mail, or the API key's name (null: none on record). */
  actorName: string | null;
  actorEmail: string | null;
  /** The entity's current name (a purpose's, a law's short name, …), else one kept in the entry. */
  entityName: string | null;
};

/**
 * One page of the log, newest first, from `cursor` on (the first page without one); `next` is
 * the cursor of the page after it, null on the last. Keyset paging: every entry is reachable,
 * however long the log, and a page costs the same at its end as at its start.
 */
export async function listAuditPage(
  db: Db,
  filter: AuditFilter & { cursor?: AuditCursor },
  size = AUDIT_PAGE_SIZE,
  /** The language entities are named in: the catalog's German names on German pages. */
  locale: Locale = "en",
): Promise<{ entries: AuditEntry[]; next: AuditCursor | null }> {
  const { cursor, ...rest } = filter;
  const at = cursor && sql`${cursor.at}::timestamptz`;
  const after = at
    ? or(
        lt(auditEvents.occurredAt, at),
        and(eq(auditEvents.occurredAt, at), lt(auditEvents.id, cursor.id)),
      )
    : undefined;
  const rows = await listAuditEvents(db, rest, size + 1, after);
  const page = rows.slice(0, size);
  const last = page.at(-1);
  let next: AuditCursor | null = null;
  if (rows.length > size && last) {
    // The last entry's moment to the microsecond (a Date holds milliseconds only).
    const [exact] = await db
      .select({
        at: sql<string>`to_char(${auditEvents.occurredAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
      })
      .from(auditEvents)
      .where(eq(auditEvents.id, last.id));
    next = { at: exact!.at, id: last.id };
  }
  return { entries: await withNames(db, page, locale), next };
}

const kept = (value: unknown, key: string): string | null => {
  const v = (value as Record<string, unknown> | null)?.[key];
  return typeof v === "string" && v ? v : null;
};

/** A German name where the catalog has one, else the name (as the pages choose). */
const inGerman = (de: AnyColumn, name: AnyColumn) =>
  sql<string>`coalesce(nullif(${de}, ''), ${name})`;

/**
 * Where each kind of entity keeps its name, in the reader's language where it has one (users,
 * with their e-mail, are read apart).
 */
const namedIn = (locale: Locale) => {
  const german = locale === "de";
  const shortName = german ? inGerman(laws.shortNameDe, laws.shortName) : laws.shortName;
  return {
    api_key: [apiKeys, apiKeys.id, apiKeys.name],
    purpose: [
      purposes,
      purposes.key,
      german ? inGerman(purposes.nameDe, purposes.name) : purposes.name,
    ],
    data_source: [dataSources, dataSources.key, dataSources.name],
    // A law as the laws page names it: its short name with its jurisdictions (lawName).
    law: [
      laws,
      laws.id,
      sql<string>`${shortName} || ' (' || array_to_string(${laws.jurisdictions}, ', ') || ')'`,
    ],
  } as const;
};
type Named = ReturnType<typeof namedIn>;

const UUID = /^[0-9a-f-]{36}$/i;

async function namesIn(
  db: Db,
  [table, id, name]: Named[keyof Named],
  wanted: string[],
): Promise<Map<string, string>> {
  if (wanted.length === 0) return new Map();
  // Ids that cannot be in a uuid column are not asked for (the query would fail on them).
  const asked = id.columnType === "PgUUID" ? wanted.filter((v) => UUID.test(v)) : wanted;
  if (asked.length === 0) return new Map();
  const rows = await db
    .select({ id, name })
    .from(table as typeof purposes)
    .where(inArray(id, asked));
  return new Map(rows.map((r) => [String(r.id), r.name]));
}

/** Names for the actors and entities of a page of entries, read in one query per kind. */
async function withNames(db: Db, events: AuditEvent[], locale: Locale): Promise<AuditEntry[]> {
  const named = namedIn(locale);
  const wanted = (type: string) => [
    ...new Set(
      events.flatMap((e) => [
        ...(e.entityType === type && e.entityId ? [e.entityId] : []),
        ...(e.actorType === type && e.actorId ? [e.actorId] : []),
      ]),
    ),
  ];
  const userIds = wanted("user").filter((v) => UUID.test(v));
  const [people, ...maps] = await Promise.all([
    userIds.length
      ? db
          .select({ id: users.id, name: users.name, email: users.email })
          .from(users)
          .where(inArray(users.id, userIds))
      : [],
    ...Object.entries(named).map(([type, lookup]) => namesIn(db, lookup, wanted(type))),
  ]);
  const person = new Map(people.map((p) => [p.id, p]));
  const names: Record<string, Map<string, string>> = {
    user: new Map(people.map((p) => [p.id, p.name || p.email])),
    ...Object.fromEntries(Object.keys(named).map((type, i) => [type, maps[i]!])),
  };
  return events.map((e) => {
    const actor = e.actorId ? person.get(e.actorId) : undefined;
    const keyName = e.actorType === "api_key" && e.actorId ? names.api_key?.get(e.actorId) : null;
    return {
      ...e,
      actorName: actor ? actor.name || null : (keyName ?? null),
      actorEmail: actor?.email ?? null,
      entityName:
        (e.entityId ? names[e.entityType]?.get(e.entityId) : undefined) ??
        kept(e.after, "name") ??
        kept(e.before, "name") ??
        kept(e.after, "title") ??
        kept(e.before, "title") ??
        null,
    };
  });
}
