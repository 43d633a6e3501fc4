import "server-only";
/**
 * The frame of every /api/v1 route handler: authorize first, then run the handler, and turn
 * every failure into the documented error shape (docs/api.md) —
 * `{ error, issues: [{ path, message }] }`, `path` a list of keys and indexes — with the right
 * status. Unknown errors are logged
 * and answered 500 without detail.
 */
import { headers } from "next/headers";
import { fromAnotherSite } from "./fetch-site";
import { NextResponse } from "next/server";
import { z } from "zod";
import type { ApiKeyScope, Role, User } from "@/db/schema";
import { env } from "@/lib/env";
import { isoDay, now } from "@/lib/clock";
import { issuesInEnglish } from "@/lib/filters/english";
import {
  parseFilter,
  type FilterDefinition,
  type FilterValues,
  type ParserMap,
} from "@/lib/filters/core";
import type { Db } from "@/db/connect";
import { getDb } from "@/lib/database";
import type { Actor } from "@/lib/audit/record";
import { authorizeRequest } from "@/lib/auth/session";
import {
  ConflictError,
  DatabaseUnavailableError,
  HttpError,
  NotFoundError,
  RuleError,
  SessionEndedError,
  AccessLostError,
  TakenError,
  type Issue,
} from "@/lib/errors";
import {
  isConnectionError,
  isRetryableTransactionError,
  isUnstorableTextError,
  isDateOutOfRangeError,
} from "@/lib/db-errors";
import { englishMessage } from "@/lib/validation-messages";
import { EncodingError, StreamDecoder } from "@/lib/imports/decode";

export { HttpError };

/**
 * An issue as the API answers it: `path` lists the keys and indexes from the body's top, as zod
 * gives them (`["events", 1, "region"]`); a CSV row's issue is `["line", n]` (the header being
 * line 1), with the column it concerns, if one, in `field`.
 */
export type ApiIssue = {
  path: (string | number)[];
  field?: string;
  message: string;
  said?: Issue["said"];
};

export function apiIssue(issue: Pick<Issue, "path" | "message" | "said">): ApiIssue {
  const parts = issue.path === "" ? [] : issue.path.split(".");
  const index = (part: string) => (/^\d+$/.test(part) ? Number(part) : part);
  // The catalog key of the message, where there is one, for a page of ours to say it.
  const said = issue.said ? { said: issue.said } : {};
  if (parts[0] === "line" && /^\d+$/.test(parts[1] ?? "")) {
    const field = parts.slice(2).join(".");
    return {
      path: ["line", Number(parts[1])],
      ...(field ? { field } : {}),
      message: issue.message,
      ...said,
    };
  }
  return { path: parts.map(index), message: issue.message, ...said };
}

export function jsonError(
  status: number,
  error: string,
  issues: Pick<Issue, "path" | "message" | "said">[] = [],
  extra?: Record<string, unknown>,
) {
  return NextResponse.json(
    { ...extra, error, issues: issues.map(apiIssue) },
    { status, headers: { "cache-control": "no-store" } },
  );
}

/** The methods an /api/v1 route may serve. */
const apiMethods = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type ApiMethod = (typeof apiMethods)[number];
type Refusals<A extends ApiMethod> = Record<
  Exclude<ApiMethod, A> | "OPTIONS",
  (request: Request) => Response
>;

/**
 * The handlers a route file exports for the methods it does not serve, and OPTIONS: without
 * them Next.js answers such a method with an empty 405 and no `Allow` header (which RFC 9110
 * requires). Each answers 405 in the API's error shape, naming the methods served; OPTIONS
 * names them in `Allow` as Next.js would (HEAD with GET).
 *
 *     export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
 */
export function otherMethods<A extends ApiMethod>(...served: A[]): Refusals<A> {
  const has = (m: ApiMethod) => (served as readonly ApiMethod[]).includes(m);
  const allow = [...served, ...(has("GET") ? ["HEAD"] : []), "OPTIONS"].sort().join(", ");
  const refuse = (request: Request) => {
    const { pathname } = new URL(request.url);
    const response = jsonError(
      405,
      `${request.method} is not served at ${pathname}: use ${served.join(", ")}`,
    );
    response.headers.set("allow", allow);
    return response;
  };
  const refused = apiMethods.filter((m) => !has(m)).map((m) => [m, refuse] as const);
  return {
    ...Object.fromEntries(refused),
    OPTIONS: () => new Response(null, { status: 204, headers: { allow } }),
  } as Refusals<A>;
}

export function zodIssues(error: z.ZodError): Issue[] {
  return error.issues.map((i) => ({
    path: i.path.map(String).join("."),
    message: englishMessage(i.message),
  }));
}

/**
 * A request's body, at most `maxBytes` of it: a larger declared length is refused before
 * reading, and a body sent without one (chunked) is cut off as soon as it passes the limit, so
 * no client can make the server hold more. Answers 413 through HttpError.
 */
export async function readBody(request: Request, maxBytes: number): Promise<Uint8Array> {
  const tooLarge = () => new HttpError(413, `The body is larger than ${maxBytes} bytes`);
  if (Number(request.headers.get("content-length") ?? "0") > maxBytes) throw tooLarge();
  if (!request.body) return new Uint8Array();
  const encoding = bodyEncoding(request);
  const pieces: Uint8Array[] = [];
  let size = 0;
  const reader = (
    encoding ? request.body.pipeThrough(new DecompressionStream(encoding)) : request.body
  ).getReader();
  for (;;) {
    let read: ReadableStreamReadResult<Uint8Array>;
    try {
      read = await reader.read();
    } catch (error) {
      if (!encoding) throw error;
      throw new HttpError(
        400,
        `The body is not valid ${encoding} data, as its Content-Encoding says`,
      );
    }
    const { done, value } = read;
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    pieces.push(value);
  }
  return Buffer.concat(pieces);
}

/**
 * How the body was compressed (Content-Encoding), which the limit of `readBody` counts unpacked:
 * CDP clients (analytics-python, RudderStack's) send gzip. Nothing for an uncompressed body; 415
 * for an encoding this server does not read.
 */
function bodyEncoding(request: Request): "gzip" | "deflate" | undefined {
  const encoding = (request.headers.get("content-encoding") ?? "").trim().toLowerCase();
  if (encoding === "" || encoding === "identity") return undefined;
  if (encoding === "gzip" || encoding === "x-gzip") return "gzip";
  if (encoding === "deflate") return "deflate";
  throw new HttpError(
    415,
    `The body's Content-Encoding "${encoding.slice(0, 40)}" is not supported; send it uncompressed, gzip or deflate`,
  );
}

/**
 * A JSON or NDJSON body's text. JSON is UTF-8 (RFC 8259; a byte-order mark is dropped): bytes
 * that are not (a Windows-1252 "Müller") are a 400 naming the line and column where they broke,
 * never stored with U+FFFD in their place.
 */
export function utf8Text(body: Uint8Array): string {
  const decoder = new StreamDecoder("utf-8");
  try {
    return decoder.push(body) + decoder.end();
  } catch (error) {
    if (!(error instanceof EncodingError)) throw error;
    throw new HttpError(400, `${error.message}; send JSON as UTF-8`, [
      { path: `line.${error.line}`, message: error.message },
    ]);
  }
}

/** Reads a JSON body of at most `maxBytes`, answering 413/400 through HttpError. */
export async function readJson(request: Request, maxBytes = 1_000_000): Promise<unknown> {
  const text = utf8Text(await readBody(request, maxBytes));
  if (!text.trim()) throw new HttpError(400, "The body is empty; send JSON");
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, "The body is not valid JSON");
  }
}

/**
 * A dashboard filter from the request's query string (lib/filters), or a 400 listing every
 * issue: unknown and repeated keys, refused values, an impossible range.
 */
export function queryFilter<P extends ParserMap>(
  definition: FilterDefinition<P>,
  request: Request,
): FilterValues<P> {
  return validQueryFilter(definition, request).values;
}

/** As `queryFilter`, with the filter's canonical query string too (a key for its figures). */
export function validQueryFilter<P extends ParserMap>(
  definition: FilterDefinition<P>,
  request: Request,
): { values: FilterValues<P>; query: string } {
  const parsed = parseFilter(definition, new URL(request.url).searchParams, isoDay(now()));
  if (parsed.issues.length > 0) {
    throw new HttpError(400, "The query string is invalid", issuesInEnglish(parsed.issues));
  }
  return { values: parsed.values, query: parsed.query };
}

/** Parses with a zod schema or throws a 422 listing every issue. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body);
  if (!result.success) throw new HttpError(422, "The request is invalid", zodIssues(result.error));
  return result.data;
}

export function toErrorResponse(error: unknown): NextResponse {
  if (error instanceof HttpError) return jsonError(error.status, error.message, error.issues);
  if (error instanceof z.ZodError)
    return jsonError(422, "The request is invalid", zodIssues(error));
  if (error instanceof RuleError) {
    return jsonError(
      error instanceof TakenError ? 409 : 422,
      error.message,
      error.issues.map((i) => ({ path: i.path, message: englishMessage(i.message) })),
    );
  }
  if (error instanceof NotFoundError) return jsonError(404, error.message);
  if (error instanceof SessionEndedError) return jsonError(401, error.message);
  if (error instanceof AccessLostError) return jsonError(error.status, error.message);
  // The current state at the top, as a GET answers it, and under `current` as well.
  if (error instanceof ConflictError)
    return jsonError(
      409,
      error.message,
      [],
      error.current ? { ...(error.current as object), current: error.current } : undefined,
    );
  if (isUnstorableTextError(error)) {
    return jsonError(
      422,
      "Some text cannot be stored: it contains a NUL character or invalid Unicode",
    );
  }
  if (isDateOutOfRangeError(error)) {
    return jsonError(422, "A date is outside the range that can be stored; nothing was written");
  }
  if (isRetryableTransactionError(error)) {
    return jsonError(503, "The database is busy with other writes; send the same request again");
  }
  if (error instanceof DatabaseUnavailableError || isConnectionError(error)) {
    return jsonError(503, "The database is not reachable right now; try again shortly");
  }
  console.error("unhandled error in route handler:", error);
  return jsonError(500, "Something went wrong on our side; it has been logged");
}

type Need = {
  role?: Role;
  scope?: ApiKeyScope | readonly ApiKeyScope[];
  allowPasswordChangePending?: boolean;
  basicKey?: boolean;
  /** Content types a signed-in user may send besides JSON (a file upload from our own page). */
  uploadTypes?: readonly string[];
  /**
   * A read audited under the caller's name (a customer's record): with the session cookie, not
   * from another site, which could otherwise make a signed-in officer's browser look a customer
   * up and put it on their record.
   */
  auditedRead?: boolean;
};

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export { fromAnotherSite };

/** Whether the page being rendered was opened from a link or a page on another site. */
export async function openedFromAnotherSite(): Promise<boolean> {
  return fromAnotherSite(await headers());
}

/** The request came from a page of this site: its `Origin`, or without one `Sec-Fetch-Site`. */
export function fromOwnPage(request: Request, appOrigin: string): boolean {
  const origin = request.headers.get("origin");
  if (origin !== null) return origin === appOrigin;
  const site = request.headers.get("sec-fetch-site");
  return site === null || site === "same-origin" || site === "none";
}

/**
 * A write carried by the session cookie must come from this site's own pages: the browser's
 * `Origin` (or, without it, `Sec-Fetch-Site`) must say so, and the body must be JSON, which a
 * cross-site form cannot send. Bearer keys are not sent by browsers on their own: not checked.
 */
export function crossSiteWriteError(
  request: Request,
  appOrigin: string,
  /** A file upload's own types, allowed besides JSON: its Origin is checked all the same. */
  uploadTypes: readonly string[] = [],
): HttpError | undefined {
  if (SAFE_METHODS.has(request.method)) return undefined;
  if (!fromOwnPage(request, appOrigin)) {
    return new HttpError(403, `Writes with the session cookie must come from ${appOrigin}`);
  }
  const hasBody = request.method !== "DELETE" || request.headers.has("content-type");
  const type = mediaType(request);
  if (hasBody && type !== "application/json" && !uploadTypes.includes(type)) {
    if (uploadTypes.length === 0)
      return new HttpError(415, "Send the body as JSON (Content-Type: application/json)");
    return uploadTypeRefusal(uploadTypes);
  }
  return undefined;
}

/** The request's media type, lowercase, without parameters ("" without a Content-Type). */
const mediaType = (request: Request) =>
  (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();

const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];

const uploadTypeRefusal = (uploadTypes: readonly string[]) =>
  new HttpError(
    415,
    `Send the file itself as the body, with Content-Type ${uploadTypes.join(", ")} (curl: --data-binary @file.csv -H "Content-Type: text/csv"); a form's body (multipart/form-data, application/x-www-form-urlencoded) is not a file`,
  );

/**
 * An upload sent as a form, by any caller: a multipart body wraps the file in boundary lines
 * (which would be read as its header), and curl's `-d` (sent as a urlencoded form) drops its
 * line breaks. Refused with how to send it.
 */
function uploadTypeError(request: Request, uploadTypes: readonly string[]): HttpError | undefined {
  return FORM_TYPES.includes(mediaType(request)) ? uploadTypeRefusal(uploadTypes) : undefined;
}

/** This instance's public origin: NEXTAUTH_URL's, else the request's own. */
export function appOrigin(request: Request): string {
  return new URL(env().nextAuthUrl ?? request.url).origin;
}
type Context<P> = { params: Promise<P> };

/**
 * Wraps a route handler: `withAuth({ role: "admin", scope: "admin" }, async (req, { actor, db }) => …)`.
 * The handler gets the database only from here, after the caller was authorized.
 */
export function withAuth<P = Record<string, string>>(
  need: Need,
  handler: (
    request: Request,
    ctx: { actor: Actor; user: User | undefined; db: Db; params: P },
  ) => Promise<Response>,
) {
  return async (request: Request, context: Context<P>): Promise<Response> => {
    try {
      const auth = await authorizeRequest(request, need);
      if (!auth.ok) return jsonError(auth.status, auth.error);
      if (auth.user) {
        const refused = crossSiteWriteError(request, appOrigin(request), need.uploadTypes);
        if (refused) return toErrorResponse(refused);
        if (need.auditedRead && fromAnotherSite(request.headers)) {
          return jsonError(
            403,
            "A customer's record is read with the session cookie only from this site's own pages: every read is audited under your name",
          );
        }
      } else if (need.uploadTypes) {
        const refused = uploadTypeError(request, need.uploadTypes);
        if (refused) return toErrorResponse(refused);
      }
      const response = await handler(request, {
        actor: auth.actor,
        user: auth.user,
        db: await getDb(),
        params: await context.params,
      });
      // What a signed-in user or a key reads is theirs: no browser or proxy on the way keeps it,
      // unless the handler said otherwise.
      if (!response.headers.has("cache-control"))
        response.headers.set("cache-control", "private, no-store");
      return response;
    } catch (error) {
      return toErrorResponse(error);
    }
  };
}
