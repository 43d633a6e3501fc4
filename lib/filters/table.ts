/**
 * How a long table is read: the column it sorts by, the page it shows and the text it is cut
 * down to. Pages whose filter module checks every key of the address include these keys.
 */
import { createParser, parseAsInteger } from "nuqs/server";
import { parseAsText } from "./parsers";
import { filterSaid } from "./said";

/** A column id, with `-` before it for descending: `name`, `-updated`. */
export const parseAsSort = createParser({
  parse: (value: string) => (/^-?[a-zA-Z][a-zA-Z0-9_]{0,39}$/.test(value) ? value : null),
  serialize: (value: string) => value,
});

/** A page, counted from 1. */
export const parseAsPage = createParser({
  parse: (value: string) => {
    const n = parseAsInteger.parse(value);
    return n !== null && n >= 1 && n <= 100_000 && String(n) === value ? n : null;
  },
  serialize: (value: number) => String(value),
});

export const tableParsers = {
  sort: parseAsSort,
  page: parseAsPage,
  find: parseAsText(100),
};

export const tableMessages = { sort: filterSaid("tableSort"), page: filterSaid("tablePage") };

/** The address without a table's own keys, for the page's filter module to parse the rest. */
export function withoutTableKeys<V>(params: Record<string, V>): Record<string, V> {
  return Object.fromEntries(Object.entries(params).filter(([key]) => !(key in tableParsers)));
}
