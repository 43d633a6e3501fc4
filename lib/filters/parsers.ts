/**
 * Parsers the dashboard filters share (nuqs, so server and client parse and serialize alike).
 * Each returns null for a value it does not accept; lib/filters/core turns that into an issue.
 */
import { createParser, parseAsStringLiteral } from "nuqs/server";

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar day, YYYY-MM-DD, that exists (no 2026-02-30). */
export const parseAsDay = createParser({
  parse: (value: string) =>
    DAY.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value)
      ? value
      : null,
  serialize: (value: string) => value,
});

/** ISO 3166-1 alpha-2, or with an ISO 3166-2 subdivision: DE, US-CA, GB-SCT. */
export const parseAsRegion = createParser({
  parse: (value: string) => (/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/.test(value) ? value : null),
  serialize: (value: string) => value,
});

/** A key (slug) of a purpose or a source: lowercase letters, digits, single - or _. */
export const parseAsKey = createParser({
  parse: (value: string) =>
    value.length <= 64 && /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/.test(value) ? value : null,
  serialize: (value: string) => value,
});

/** Free text of at most `max` characters (searched, never interpreted). */
export function parseAsText(max: number) {
  return createParser({
    parse: (value: string) => (value.length <= max ? value : null),
    serialize: (value: string) => value,
  });
}

/** One of a fixed list; the message names the list. */
export function oneOf<const L extends string>(values: readonly L[]) {
  return parseAsStringLiteral<L>(values);
}

export const oneOfMessage = (key: string, values: readonly string[]) =>
  `${key} must be one of ${values.join(", ")}`;
