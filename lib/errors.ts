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

/**
 * The session a request came with ended while it was being handled (the password was changed or
 * reset, the user signed out elsewhere or was disabled): nothing was changed, and the browser
 * must sign in again. Over HTTP, a 401.
 */
export class SessionEndedError extends Error {
  override name = "SessionEndedError";
  constructor() {
    super("This session has ended; sign in again");
  }
}

/**
 * The user lost the role a change needs (it was taken, or the account was disabled) while their
 * request was being handled: the change's transaction found it out and changed nothing. Over
 * HTTP a 403, in a form the "not allowed" page, as the next request would get.
 */
export class AccessLostError extends Error {
  override name = "AccessLostError";
  constructor(
    message = "Your role no longer allows this; nothing was changed",
    /** Over HTTP: 403 for a user's role taken; 401 for a key that stopped working, as its next request would be. */
    readonly status: 401 | 403 = 403,
  ) {
    super(message);
  }
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
 * A batch checked against a purpose that changed before the batch was stored (a new version, or
 * deleted): nothing was stored. Checking the batch again puts each event on the version in force
 * when it occurred (or refuses it); over HTTP, a 409.
 */
export class PurposeChangedError extends ConflictError {
  override name = "PurposeChangedError";
  constructor(
    readonly keys: string[],
    what = "changed",
  ) {
    super(
      `The purpose ${keys.map((k) => `"${k}"`).join(", ")} was ${what} while the events were being stored; nothing was stored`,
    );
  }
}

/** The same for a purpose retired meanwhile: checking the batch again refuses its events. */
export class PurposeRetiredError extends PurposeChangedError {
  override name = "PurposeRetiredError";
  constructor(keys: string[]) {
    super(keys, "retired");
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
