/**
 * Domain errors with a meaning the HTTP layer and the forms translate (404, 409, 422). Anything
 * else is a bug: logged in full on the server, answered with a plain 500 and no stack.
 */
import type { Said } from "@/lib/imports/said";

/**
 * What is wrong where. `said`, when given, is the message as a catalog key with its values, for
 * a page to say in the reader's language (`message` is its English).
 */
export type Issue = { path: string; message: string; said?: Said };

export class NotFoundError extends Error {
  override name = "NotFoundError";
}

export class ConflictError extends Error {
  override name = "ConflictError";
  constructor(
    message: string,
    readonly current?: unknown,
  ) {
    super(message);
  }
}

/**
 * A batch checked against a purpose that was retired before the batch was stored: nothing was
 * stored. Checking the batch again names the events that are refused; over HTTP, a 409.
 */
export class PurposeRetiredError extends ConflictError {
  override name = "PurposeRetiredError";
  constructor(readonly keys: string[]) {
    super(
      `The purpose ${keys.map((k) => `"${k}"`).join(", ")} was retired while the events were being stored; nothing was stored`,
    );
  }
}

/** Input that is well-formed but breaks a business rule; issues name the fields. */
export class RuleError extends Error {
  override name = "RuleError";
  constructor(
    message: string,
    readonly issues: Issue[],
  ) {
    super(message);
  }
}

/**
 * A key or address another record already has (a purpose's or a source's key, a user's e-mail):
 * a rule the forms show on the field, and a 409 conflict over HTTP.
 */
export class TakenError extends RuleError {
  override name = "TakenError";
}

/** The database could not be reached: answered with 503, and the app recovers by itself. */
export class DatabaseUnavailableError extends Error {
  override name = "DatabaseUnavailableError";
}

/** An answer with its status and issues, thrown where a handler's input is refused (400, 403…). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly issues: Issue[] = [],
  ) {
    super(message);
  }
}
