/** Recognises "the database is not there" among driver errors, for PGlite and postgres.js. */
const connectionCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EPIPE",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now
  "53300", // too_many_connections: every connection the server allows is in use
  "08000",
  "08001",
  "08003",
  "08006",
]);

/** The error and its first few causes (drizzle wraps the driver's error in "Failed query"). */
function* causes(error: unknown): Generator<Record<string, unknown>> {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    yield e as Record<string, unknown>;
    e = (e as { cause?: unknown }).cause;
  }
}

/** True when the error, or one of its first few causes, carries a code from `codes`. */
function hasCode(error: unknown, codes: ReadonlySet<string>): boolean {
  for (const { code } of causes(error))
    if (typeof code === "string" && codes.has(code)) return true;
  return false;
}

export function isConnectionError(error: unknown): boolean {
  return hasCode(error, connectionCodes);
}

/**
 * Runs `change`; when the unique index `index` refuses it (another request stored the same key
 * between the change's own reading and its insert), throws `taken()` instead: the field error a
 * form shows, not a 500.
 */
export async function refusingDuplicates<T>(
  index: string,
  change: () => Promise<T>,
  taken: () => Error,
): Promise<T> {
  try {
    return await change();
  } catch (error) {
    // postgres.js names the index constraint_name, PGlite constraint.
    for (const { code, constraint_name, constraint } of causes(error))
      if (code === "23505" && (constraint_name ?? constraint) === index) throw taken();
    throw error;
  }
}

/**
 * A date PostgreSQL cannot store (year 0, or past its range): the schemas refuse dates before
 * 1900 first (lib/stored-day), so this is the net under a field they do not bound.
 */
export function isDateOutOfRangeError(error: unknown): boolean {
  return hasCode(error, dateOutOfRangeCodes);
}
const dateOutOfRangeCodes = new Set(["22008"]); // datetime_field_overflow

/** Text PostgreSQL cannot store: a NUL character, or bytes/surrogates that are not valid UTF-8. */
const unstorableTextCodes = new Set(["22021", "22P05", "22P02"]);

export function isUnstorableTextError(error: unknown): boolean {
  return hasCode(error, unstorableTextCodes);
}

/** True for text that PostgreSQL can store: no NUL and well-formed Unicode (no lone surrogates). */
export function isStorableText(text: string): boolean {
  return !text.includes("\u0000") && text.isWellFormed();
}

/** Whether every text in a parsed value (its keys too) can be stored, at any depth. */
export function holdsOnlyStorableText(value: unknown): boolean {
  if (typeof value === "string") return isStorableText(value);
  if (Array.isArray(value)) return value.every(holdsOnlyStorableText);
  if (typeof value === "object" && value !== null)
    return Object.entries(value).every(
      ([key, v]) => isStorableText(key) && holdsOnlyStorableText(v),
    );
  return true;
}

/** The text with what PostgreSQL cannot store (NUL, lone surrogates) replaced by U+FFFD. */
export const storableText = (text: string) => text.replaceAll("\u0000", "\uFFFD").toWellFormed();

/**
 * Why a background job stopped, as it may be kept and shown: the message of the innermost cause
 * (the driver's, under drizzle's wrapper, which quotes the failed query and its parameters, the
 * customers' data), storable and at most 300 characters.
 */
export function stoppedReason(error: unknown): string {
  let inner = error;
  for (let depth = 0; depth < 5; depth++) {
    const cause = (inner as { cause?: unknown } | null)?.cause;
    if (!(cause instanceof Error)) break;
    inner = cause;
  }
  // Cut first: a cut through a character pair would leave half of it, which cannot be stored.
  return storableText((inner instanceof Error ? inner.message : String(inner)).slice(0, 300));
}

/**
 * What stopped a background job, where the database's code tells it: said from the catalog in
 * the reader's language (the `cause` select of the jobs' stopped messages); `other` says the
 * database's own words, which are in the language of the database server.
 */
export type StoppedCause =
  "diskFull" | "resources" | "cancelled" | "connection" | "readOnly" | "permission" | "other";

const causeCodes: ReadonlyArray<readonly [StoppedCause, ReadonlySet<string>]> = [
  ["diskFull", new Set(["53100"])],
  // insufficient_resources, out_of_memory, too_many_connections, configuration_limit_exceeded
  // (temp_file_limit among others)
  ["resources", new Set(["53000", "53200", "53300", "53400"])],
  // query_canceled (a statement_timeout, or an administrator's pg_cancel_backend), and
  // lock_not_available (a lock_timeout)
  ["cancelled", new Set(["57014", "55P03"])],
  // The session ended under it: the server's own idle timeouts end it as a lost connection does.
  ["connection", new Set([...connectionCodes, "25P03", "57P05"])],
  ["readOnly", new Set(["25006"])],
  ["permission", new Set(["42501"])],
];

export function stoppedCause(error: unknown): StoppedCause {
  for (const [cause, codes] of causeCodes) if (hasCode(error, codes)) return cause;
  return "other";
}

/** Why a job stopped, for its stopped message: the database's words and, where known, their kind. */
export const stoppedWhy = (error: unknown) => ({
  reason: stoppedReason(error),
  cause: stoppedCause(error),
});

/**
 * A stopped message in English as the job keeps it for operators: where it names the kind of
 * failure, with the database's own words after it (which table, which file), which the pages leave
 * out in the reader's language.
 */
export const withDatabaseWords = (english: string, why: ReturnType<typeof stoppedWhy>) =>
  why.cause === "other" ? english : `${english} (The database said: ${why.reason})`;

/**
 * Deadlock, serialization failure, or the shared lock table full for a moment (several large
 * batches each holding a lock per customer): the transaction did nothing and can run again.
 */
const retryableCodes = new Set(["40P01", "40001", "53200"]);

export function isRetryableTransactionError(error: unknown): boolean {
  return hasCode(error, retryableCodes);
}

/** Runs a whole transaction again (up to `attempts` times) when PostgreSQL aborted it. */
export async function retryTransaction<T>(run: () => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= attempts || !isRetryableTransactionError(error)) throw error;
      await new Promise((r) => setTimeout(r, 50 * attempt + Math.random() * 100));
    }
  }
}
