import "server-only";
/**
 * Dashboard figures shared by every user of this server process. A dashboard's figures cost the
 * same work whoever asks; fifty people looking at the consent dashboard need them computed once
 * for each change to what they are made of, not fifty times.
 *
 * What keeps it safe:
 * - **Never keyed by who asks, never asked before the role is checked.** Pages and handlers
 *   authorize first, as before (the role is read from the database on every request, so a
 *   demoted user loses access on the next one), and only cache figures that are the same for
 *   every role allowed to open the view; the key holds everything else that changes the answer
 *   (the view, its canonical filter, the day, the locale where names are translated).
 * - **Read again after every change, on every instance.** Each committed change to what figures
 *   are made of — an ingested batch, an import's batch, a profile rescored, an edit to a purpose,
 *   a source, a law or a setting: anything audited except reads and accounts — moves the
 *   `figures_version` sequence inside its own transaction (lib/audit/record calls
 *   `figuresChanged`). Every read of shared figures first reads the version (one small query)
 *   and keeps what it reads under it, so a read that follows a committed change, on any
 *   instance, reads the figures again: a client that wrote events reads them back at once.
 * - **Bounded age all the same.** An entry is served until it is FIGURES_MAX_AGE old, for what
 *   moves no version: a change made by hand in the database, or a read that ran between a
 *   writer moving the version and that writer's commit (the version moves with the audit event,
 *   at the end of the change). The time the read began is the entry's `asOf`, and dashboards
 *   show it.
 * - **Shared, so frozen.** Every user of an entry gets the same object: it is deep-frozen when
 *   read, so code that would change it in place (sorting an array, say) fails at once instead of
 *   changing what the next user sees.
 * - **Safe to lose.** It lives in memory, holds the entries of one version only and at most
 *   MAX_ENTRIES of them (least recently used go first), and a failed read is not kept.
 *
 * Concurrent requests for an entry being read wait for that one read. The cache is kept on
 * globalThis, because Next.js loads a module more than once per process.
 */
import { sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/connect";
import { env } from "@/lib/env";
import { rowsOf } from "@/lib/sql-rows";

const MAX_ENTRIES = 500;

/**
 * Audited changes that do not change what dashboards are made of (imports as jobs: their
 * batches are audited as the events, profiles and sources they store; accounts, keys, links),
 * and audited reads (a customer's record looked up: `subject`), which change nothing at all.
 */
const NOT_FIGURES = new Set(["import", "route", "user", "api_key", "preference_link", "subject"]);

type Entry = { value: Promise<unknown>; asOf: number };

export type Fresh<T> = { value: T; asOf: Date };

export class FiguresCache {
  private readonly entries = new Map<string, Entry>();
  /** The figures' version the entries were read at (see figuresVersionOf). */
  private version = -1n;

  constructor(
    private readonly maxAgeMs: () => number,
    private readonly clock: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /**
   * The figures under `key` at `version`: the kept ones if read at that version and young
   * enough, else what `load` reads now. A newer version forgets every entry of the older one; a
   * read at an older version than the kept entries' (a request that read the version just
   * before a change) is answered and not kept.
   */
  async get<T>(key: string, version: bigint, load: () => Promise<T>): Promise<Fresh<T>> {
    const maxAge = this.maxAgeMs();
    const now = this.clock();
    if (version > this.version) {
      this.entries.clear();
      this.version = version;
    }
    const current = version === this.version;
    const kept = current ? this.entries.get(key) : undefined;
    if (kept && now - kept.asOf < maxAge) {
      // Least recently used last: delete and set again moves it to the end.
      this.entries.delete(key);
      this.entries.set(key, kept);
      return { value: (await kept.value) as T, asOf: new Date(kept.asOf) };
    }
    const keep = maxAge > 0 && current;
    const value = keep ? load().then(deepFreeze) : load();
    if (keep) {
      const entry: Entry = { value, asOf: now };
      this.entries.delete(key);
      this.entries.set(key, entry);
      while (this.entries.size > MAX_ENTRIES)
        this.entries.delete(this.entries.keys().next().value!);
      value.catch(() => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      });
    }
    return { value: await value, asOf: new Date(now) };
  }
}

/** Freezes a value and everything reachable from it (plain data: objects, arrays, dates). */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const key of Reflect.ownKeys(value))
    deepFreeze((value as Record<PropertyKey, unknown>)[key]);
  return value;
}

/** The JSON text of a cached value, made once per value (APIs send the same figures often). */
const jsonOf = new WeakMap<object, string>();
export function figuresJson(value: unknown): string {
  if (typeof value !== "object" || value === null) return JSON.stringify(value);
  let text = jsonOf.get(value);
  if (text === undefined) {
    text = JSON.stringify(value);
    jsonOf.set(value, text);
  }
  return text;
}

const globalForFigures = globalThis as unknown as { firstpartyFigures?: FiguresCache };

function cache(): FiguresCache {
  globalForFigures.firstpartyFigures ??= new FiguresCache(() => env().figuresMaxAge * 1000);
  return globalForFigures.firstpartyFigures;
}

/** The key of a dashboard's figures for a day and its filter's canonical query string. */
export const dashboardKey = (name: string, today: string, query = "") =>
  `${name}:${today}:${query}`;

/** How old served figures may be, in seconds, as the dashboards say it. */
export function figuresMaxAge(): number {
  return env().figuresMaxAge;
}

/** The figures' version now: how many changes to what figures are made of have committed. */
export async function figuresVersionOf(db: Db): Promise<bigint> {
  const [row] = rowsOf<{ version: string }>(
    await db.execute(
      sql`select (case when is_called then last_value else 0 end)::text as version from figures_version`,
    ),
  );
  return BigInt(row!.version);
}

/** `cache`'s figures under `key` at the database's current version (see FiguresCache.get). */
export async function readThrough<T>(
  target: FiguresCache,
  db: Db,
  key: string,
  load: () => Promise<T>,
): Promise<Fresh<T>> {
  return target.get(key, await figuresVersionOf(db), load);
}

/**
 * A view's figures, shared by everyone who may open it: call only after the request's role has
 * been checked, with a key naming everything that changes the answer (never the user).
 */
export function cachedFigures<T>(db: Db, key: string, load: () => Promise<T>): Promise<Fresh<T>> {
  return readThrough(cache(), db, key, load);
}

/**
 * Inside a change's transaction: if the audited entity is one dashboards are made of, moves the
 * figures' version, so every instance reads them again once the change is visible.
 */
export async function figuresChanged(tx: Tx | Db, entityType: string): Promise<void> {
  if (NOT_FIGURES.has(entityType)) return;
  await tx.execute(sql`select nextval('figures_version')`);
}

/**
 * A route handler's answer with cached figures: `Last-Modified` says when they were read, and
 * nothing on the way (a browser, a proxy) may keep them past the next role check.
 */
export function figuresResponse(fresh: Fresh<unknown>): Response {
  return new Response(figuresJson(fresh.value), {
    headers: {
      "content-type": "application/json",
      "last-modified": fresh.asOf.toUTCString(),
      "cache-control": "private, no-store",
    },
  });
}
