import "server-only";
/**
 * Dashboard figures shared by every user of this server process, for at most FIGURES_MAX_AGE
 * seconds (default 5). A dashboard's figures cost the same work whoever asks; fifty people
 * looking at the consent dashboard need it computed once every few seconds, not fifty times.
 *
 * What keeps it safe:
 * - **Never keyed by who asks, never asked before the role is checked.** Pages and handlers
 *   authorize first, as before (the role is read from the database on every request, so a
 *   demoted user loses access on the next one), and only cache figures that are the same for
 *   every role allowed to open the view; the key holds everything else that changes the answer
 *   (the view, its canonical filter, the day, the locale where names are translated).
 * - **Bounded age.** An entry is served until it is FIGURES_MAX_AGE old; then the next request
 *   reads again. The time the read began is the entry's `asOf`, and dashboards show it: every
 *   change committed before it is in the figures.
 * - **Edits drop it at once, on every instance.** A change to what figures are made of (a
 *   purpose, a source, a law, a setting: anything audited except ingestion) sends a NOTIFY
 *   inside its own transaction (lib/audit/record calls `figuresChanged`); every process listens
 *   and empties its cache when that commits, and also empties it whenever listening (re)starts,
 *   since a notification sent meanwhile is lost. Ingestion does not: events arrive all the time,
 *   and the figures show them within the stated age.
 * - **Shared, so frozen.** Every user of an entry gets the same object: it is deep-frozen when
 *   read, so code that would change it in place (sorting an array, say) fails at once instead of
 *   changing what the next user sees.
 * - **Safe to lose.** It lives in memory, holds at most MAX_ENTRIES entries (least recently
 *   used go first) and a failed read is not kept.
 *
 * Concurrent requests for an entry being read wait for that one read. The cache is kept on
 * globalThis, because Next.js loads a module more than once per process.
 */
import { sql } from "drizzle-orm";
import type { DatabaseHandle, Db, Tx } from "@/db/connect";
import { env } from "@/lib/env";

export const FIGURES_CHANNEL = "firstparty_figures";
const MAX_ENTRIES = 500;

/**
 * Audited changes that do not change what dashboards are made of, or that arrive all the time
 * (ingestion and imports: their figures show within the stated age), and audited reads (a
 * customer's record looked up: `subject`), which change nothing at all.
 */
const NOT_FIGURES = new Set([
  "consent_events",
  "profiles",
  "import",
  "route",
  "user",
  "api_key",
  "preference_link",
  "subject",
]);

type Entry = { value: Promise<unknown>; asOf: number };

export type Fresh<T> = { value: T; asOf: Date };

export class FiguresCache {
  private readonly entries = new Map<string, Entry>();
  /** Bumped by every drop, so that a read begun before a change is not kept after it. */
  private generation = 0;

  constructor(
    private readonly maxAgeMs: () => number,
    private readonly clock: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The figures under `key`: the kept ones if young enough, else what `load` reads now. */
  async get<T>(key: string, load: () => Promise<T>): Promise<Fresh<T>> {
    const maxAge = this.maxAgeMs();
    const now = this.clock();
    const kept = this.entries.get(key);
    if (kept && now - kept.asOf < maxAge) {
      // Least recently used last: delete and set again moves it to the end.
      this.entries.delete(key);
      this.entries.set(key, kept);
      return { value: (await kept.value) as T, asOf: new Date(kept.asOf) };
    }
    const value = maxAge > 0 ? load().then(deepFreeze) : load();
    if (maxAge > 0) {
      const entry: Entry = { value, asOf: now };
      const generation = this.generation;
      this.entries.delete(key);
      this.entries.set(key, entry);
      while (this.entries.size > MAX_ENTRIES)
        this.entries.delete(this.entries.keys().next().value!);
      value.then(
        () => {
          // A drop while this read ran: it may have seen the data from before the change.
          if (this.generation !== generation && this.entries.get(key) === entry)
            this.entries.delete(key);
        },
        () => {
          if (this.entries.get(key) === entry) this.entries.delete(key);
        },
      );
    }
    return { value: await value, asOf: new Date(now) };
  }

  /** Forgets every entry (after a change, or when changes may have been missed). */
  drop(): void {
    this.generation++;
    this.entries.clear();
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

const globalForFigures = globalThis as unknown as {
  firstpartyFigures?: FiguresCache;
  firstpartyFiguresListening?: WeakMap<DatabaseHandle, Set<FiguresCache>>;
};

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

/**
 * A view's figures, shared by everyone who may open it: call only after the request's role has
 * been checked, with a key naming everything that changes the answer (never the user).
 */
export function cachedFigures<T>(key: string, load: () => Promise<T>): Promise<Fresh<T>> {
  return cache().get(key, load);
}

/**
 * Inside a change's transaction: if the audited entity is one dashboards are made of, every
 * process drops its figures when the transaction commits (and this one at once as well).
 */
export async function figuresChanged(tx: Tx | Db, entityType: string): Promise<void> {
  if (NOT_FIGURES.has(entityType)) return;
  cache().drop();
  await tx.execute(sql`select pg_notify(${FIGURES_CHANNEL}, ${entityType})`);
}

/**
 * Empties `target` (this process's cache) whenever any process commits a change to what figures
 * are made of on this database; once per handle and cache. Without it, figures still age out
 * after FIGURES_MAX_AGE; a failure to listen is logged, not fatal.
 */
export async function listenForFigureChanges(
  handle: DatabaseHandle,
  target: FiguresCache = cache(),
): Promise<void> {
  const listening = (globalForFigures.firstpartyFiguresListening ??= new WeakMap());
  const caches = listening.get(handle) ?? new Set<FiguresCache>();
  if (caches.has(target)) return;
  caches.add(target);
  listening.set(handle, caches);
  try {
    await handle.listen(
      FIGURES_CHANNEL,
      () => target.drop(),
      () => target.drop(),
    );
  } catch (error) {
    caches.delete(target);
    console.error("cannot listen for changes; figures refresh by age only:", error);
  }
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
