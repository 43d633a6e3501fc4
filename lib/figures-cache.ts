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
 * - **Read again after a change, on every instance.** Each committed change to what figures are
 *   made of — an ingested batch that stored something, an import's batch, a batch of profiles
 *   rescored, an edit to a purpose, a source, a law, a control or a setting: anything audited
 *   except accounts, keys, links, import jobs as such and audited reads — moves the one row of
 *   `figures_version` once it has committed (lib/audit/record calls `figuresChanged`, and a
 *   consent batch, whose statement writes its audit event, calls it itself), so a reader that
 *   sees the new version sees the change. Every read of shared figures first reads the version
 *   (one small query); figures read at an earlier version are read again, so a client that wrote
 *   events reads them back in its next request, on any instance.
 * - **Unless the instance is busy, and never past the stated age.** While this process is
 *   already reading figures for another request, figures read at an earlier version are served
 *   as they are until they are FIGURES_MAX_AGE old, instead of reading them again: under a steady
 *   stream of events (batches every fraction of a second) the figures are then read about once
 *   per read in progress, not once per batch, and never more stale than the dashboards say. The
 *   time the read began is the entry's `asOf`, and dashboards show it. The age also bounds what
 *   moves no version (a change made by hand in the database).
 * - **Shared, so frozen.** Every user of an entry gets the same object: it is deep-frozen when
 *   read, so code that would change it in place (sorting an array, say) fails at once instead of
 *   changing what the next user sees.
 * - **Safe to lose.** It lives in memory, holds one entry per key and at most MAX_ENTRIES of
 *   them (least recently used go first), and a failed read is not kept.
 *
 * Concurrent requests for an entry being read wait for that one read. The cache is kept on
 * globalThis, because Next.js loads a module more than once per process.
 */
import { eq, sql } from "drizzle-orm";
import { afterCommit, type Db, type Tx } from "@/db/connect";
import { figuresVersion } from "@/db/schema";
import { env } from "@/lib/env";

const MAX_ENTRIES = 500;

/**
 * Audited changes that do not change what dashboards are made of (imports as jobs: their
 * batches are audited as the events, profiles and sources they store; accounts, keys, links),
 * and audited reads (a customer's record looked up: `subject`), which change nothing at all.
 */
const NOT_FIGURES = new Set(["import", "route", "user", "api_key", "preference_link", "subject"]);

type Entry = { value: Promise<unknown>; asOf: number; version: number };

export type Fresh<T> = { value: T; asOf: Date };

export class FiguresCache {
  private readonly entries = new Map<string, Entry>();
  /** Reads of figures in progress in this process (see get). */
  private reading = 0;

  constructor(
    private readonly maxAgeMs: () => number,
    private readonly clock: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /**
   * The figures under `key` for a request that saw the figures' version `version`: the kept
   * ones if young enough and read at that version or later — or, while another read of figures
   * is in progress here, at an earlier one — else what `load` reads now.
   */
  async get<T>(key: string, version: number, load: () => Promise<T>): Promise<Fresh<T>> {
    const maxAge = this.maxAgeMs();
    const now = this.clock();
    const kept = this.entries.get(key);
    if (kept && now - kept.asOf < maxAge && (kept.version >= version || this.reading > 0)) {
      // Least recently used last: delete and set again moves it to the end.
      this.entries.delete(key);
      this.entries.set(key, kept);
      return { value: (await kept.value) as T, asOf: new Date(kept.asOf) };
    }
    this.reading++;
    const value = (maxAge > 0 ? load().then(deepFreeze) : load()).finally(() => this.reading--);
    // Kept unless a read at a later version is kept already (it began before this one ended).
    if (maxAge > 0 && !(kept && kept.version > version)) {
      const entry: Entry = { value, asOf: now, version };
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

/** The figures' version now: moved by every committed change to what figures are made of. */
export async function figuresVersionOf(db: Db): Promise<number> {
  const [row] = await db.select({ version: figuresVersion.version }).from(figuresVersion);
  return row?.version ?? 0;
}

/** `target`'s figures under `key` at the database's current version (see FiguresCache.get). */
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
 * In a change's transaction: if the audited entity is one dashboards are made of, moves the
 * figures' version once the change has committed (once however many such events it records),
 * before its caller answers — so a reader that sees the new version sees the change, and the one
 * row is locked only by that one statement, not while a transaction's last round trips wait
 * (concurrent writers would wait for each other). Where no commit follows (the database itself,
 * a nested transaction), now.
 */
export async function figuresChanged(tx: Tx | Db, entityType: string): Promise<void> {
  if (NOT_FIGURES.has(entityType)) return;
  if (!afterCommit(tx, moveFiguresVersion)) await moveFiguresVersion(tx);
}

async function moveFiguresVersion(db: Tx | Db): Promise<void> {
  await db
    .update(figuresVersion)
    .set({ version: sql`${figuresVersion.version} + 1` })
    .where(eq(figuresVersion.id, 1));
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
