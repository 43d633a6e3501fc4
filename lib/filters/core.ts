/**
 * One way to read a dashboard's filter from a query string, for the page that renders it, the
 * route handler that serves its figures and the client component that changes it. Built on
 * nuqs parsers (each key parses and serializes the same way on server and client); this module
 * adds the rules nuqs leaves to us, the same everywhere:
 *
 * - an empty value (`?region=`) is no filter;
 * - a key this filter does not know is an issue (a typo must not silently widen the figures);
 * - a key given twice is an issue (nothing decides for the caller which one was meant);
 * - a value the key's parser refuses is an issue with the key's own message;
 * - then the filter's cross-key checks (a date range, say).
 *
 * Route handlers answer any issue with 400 and the issues (docs/api.md); pages show the issues
 * and the figures for the valid part. Free of server-only imports: client components use it.
 */
import type { SingleParserBuilder } from "nuqs/server";
import { shapeOf } from "./parsers";
import { filterSaid, type FilterSaid } from "./said";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each key has its own value type
export type ParserMap = Record<string, SingleParserBuilder<any>>;

/**
 * A refused part of a filter, as a catalog key with its values: said in the reader's language on
 * a page, in English by the API (lib/filters/english).
 */
export type FilterIssue = { path: string; said: FilterSaid };

/** What a Next.js page receives as `searchParams` (a repeated key comes as an array). */
export type PageSearchParams = Promise<Record<string, string | string[] | undefined>>;

/** A page's search params as Next hands them, a URLSearchParams, or a query string. */
export type FilterInput = URLSearchParams | Record<string, string | string[] | undefined> | string;

export type FilterDefinition<P extends ParserMap> = {
  /** The keys in the order their canonical query string lists them. */
  parsers: P;
  /**
   * What a key accepts, in one sentence of the catalog (the issue when a value is refused), for
   * keys whose parser's shape does not say it well enough (see `filterMessage`).
   */
  messages?: { [K in keyof P]?: FilterSaid };
  /** Checks across keys on the parsed values (e.g. the date range); `today` is YYYY-MM-DD. */
  refine?: (values: FilterValues<P>, today: string) => FilterIssue[];
};

/**
 * The sentence for a key's refused value: the filter's own, else what its parser's shape says
 * (one of a list, a region code, text of at most so many characters).
 */
export function filterMessage<P extends ParserMap>(
  definition: FilterDefinition<P>,
  key: keyof P & string,
): FilterSaid {
  const own = definition.messages?.[key];
  if (own) return own;
  const shape = shapeOf(definition.parsers[key]!);
  switch (shape?.kind) {
    case "oneOf":
      return filterSaid("oneOf", { key, values: shape.values.join(", ") });
    case "region":
      return filterSaid("region", { key });
    case "text":
      return filterSaid("text", { key, max: shape.max });
    default:
      return filterSaid("notAccepted", { key });
  }
}

export type FilterValues<P extends ParserMap> = {
  [K in keyof P]?: NonNullable<ReturnType<P[K]["parse"]>>;
};

export type ParsedFilter<P extends ParserMap> = {
  /** The valid part of the filter (a key with an issue is left out). */
  values: FilterValues<P>;
  /** The canonical query string of `values`: stable key order, no empty keys. */
  query: string;
  issues: FilterIssue[];
};

function entriesOf(input: FilterInput): [string, string[]][] {
  if (typeof input === "string" || input instanceof URLSearchParams) {
    const params = typeof input === "string" ? new URLSearchParams(input) : input;
    const grouped = new Map<string, string[]>();
    for (const [key, value] of params) grouped.set(key, [...(grouped.get(key) ?? []), value]);
    return [...grouped];
  }
  return Object.entries(input).flatMap(([key, value]) =>
    value === undefined ? [] : [[key, Array.isArray(value) ? value : [value]]],
  );
}

export function parseFilter<P extends ParserMap>(
  definition: FilterDefinition<P>,
  input: FilterInput,
  today: string,
): ParsedFilter<P> {
  const keys = Object.keys(definition.parsers);
  const values: Record<string, unknown> = {};
  const issues: FilterIssue[] = [];
  for (const [key, given] of entriesOf(input)) {
    const present = given.map((v) => v.trim()).filter((v) => v !== "");
    if (!keys.includes(key)) {
      issues.push({
        path: key,
        said: filterSaid("unknownParameter", { key, keys: keys.join(", ") }),
      });
      continue;
    }
    if (present.length === 0) continue;
    if (present.length > 1) {
      issues.push({ path: key, said: filterSaid("givenTwice", { key, count: present.length }) });
      continue;
    }
    const parsed = definition.parsers[key]!.parse(present[0]!);
    if (parsed === null || parsed === undefined) {
      issues.push({ path: key, said: filterMessage(definition, key) });
      continue;
    }
    values[key] = parsed;
  }
  const typed = values as FilterValues<P>;
  if (definition.refine) {
    const crossIssues = definition.refine(typed, today);
    issues.push(...crossIssues);
    for (const { path } of crossIssues) delete values[path];
  }
  return { values: typed, query: canonicalQuery(definition, typed), issues };
}

/** The address's query string as given (a page's search params back into one string). */
export function rawQuery(input: FilterInput): string {
  if (typeof input === "string") return new URLSearchParams(input).toString();
  if (input instanceof URLSearchParams) return input.toString();
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(input)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
      params.append(key, v);
    }
  }
  return params.toString();
}

/** The canonical query string of a filter's values (keys in definition order). */
export function canonicalQuery<P extends ParserMap>(
  definition: FilterDefinition<P>,
  values: FilterValues<P>,
): string {
  // Each key through its own parser's serialize (nuqs's createSerializer would do the same, at
  // ~2 kB more in every dashboard's bundle).
  const query = new URLSearchParams();
  for (const key of Object.keys(definition.parsers)) {
    const value = values[key];
    if (value !== undefined && value !== null) {
      query.set(key, definition.parsers[key]!.serialize(value));
    }
  }
  return query.toString();
}
