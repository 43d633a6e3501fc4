/**
 * Parsers the dashboard filters share (nuqs, so server and client parse and serialize alike).
 * Each returns null for a value it does not accept; lib/filters/core turns that into an issue.
 */
import { createParser, parseAsStringLiteral } from "nuqs/server";
import { EARLIEST_DAY } from "@/lib/date-range";
import { filterSaid } from "./said";

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** What a parser accepts, in terms the OpenAPI document can state (lib/openapi reads it). */
export type ParserShape =
  | { kind: "day" }
  | { kind: "region" }
  | { kind: "key" }
  | { kind: "keys" }
  | { kind: "text"; max: number }
  | { kind: "oneOf"; values: readonly string[] };
const shapes = new WeakMap<object, ParserShape>();

function described<T extends object>(parser: T, shape: ParserShape): T {
  shapes.set(parser, shape);
  return parser;
}

/** The shape a filter parser accepts, when it was built here. */
export const shapeOf = (parser: object): ParserShape | undefined => shapes.get(parser);

/** A calendar day, YYYY-MM-DD, that exists (no 2026-02-30). */
export const parseAsDay = described(
  createParser({
    parse: (value: string) =>
      DAY.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value)
        ? value
        : null,
    serialize: (value: string) => value,
  }),
  { kind: "day" },
);

/** ISO 3166-1 alpha-2, or with an ISO 3166-2 subdivision: DE, US-CA, GB-SCT. */
export const parseAsRegion = described(
  createParser({
    parse: (value: string) => (/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/.test(value) ? value : null),
    serialize: (value: string) => value,
  }),
  { kind: "region" },
);

/** A key (slug) of a purpose or a source: lowercase letters, digits, single - or _. */
export const parseAsKey = described(
  createParser({
    parse: (value: string) =>
      value.length <= 64 && /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/.test(value) ? value : null,
    serialize: (value: string) => value,
  }),
  { kind: "key" },
);

/** Keys (as parseAsKey) separated by commas, at most 100 of them: `a,b,c`. */
export const parseAsKeyList = described(
  createParser({
    parse: (value: string) => {
      const keys = value.split(",").map((k) => k.trim());
      return keys.length <= 100 && keys.every((k) => parseAsKey.parse(k) !== null) ? keys : null;
    },
    serialize: (value: string[]) => value.join(","),
  }),
  { kind: "keys" },
);

/** Free text of at most `max` characters (searched, never interpreted). */
export function parseAsText(max: number) {
  return described(
    createParser({
      parse: (value: string) => (value.length <= max ? value : null),
      serialize: (value: string) => value,
    }),
    { kind: "text", max },
  );
}

/** One of a fixed list; the message names the list. */
export function oneOf<const L extends string>(values: readonly L[]) {
  return described(parseAsStringLiteral<L>(values), { kind: "oneOf", values });
}

/**
 * What a range's `from` and `to` accept, and what each is when left out (30 days before `to`,
 * today, or nothing), in one sentence each.
 */
export function rangeMessages(leftOut: { from?: "thirtyDaysBeforeTo"; to?: "today" } = {}) {
  return {
    from: filterSaid("rangeFrom", { earliest: EARLIEST_DAY, leftOut: leftOut.from ?? "none" }),
    to: filterSaid("rangeTo", { leftOut: leftOut.to ?? "none" }),
  };
}
