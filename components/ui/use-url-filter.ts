"use client";
/**
 * A dashboard filter kept in the address (so every view is a link), read with the same filter
 * module as the page and the API (lib/filters). The page parses the address it was opened with
 * and hands the result over (`initial`); changing a key loads the filter module (nuqs parsers,
 * ~4 kB, so only on the first change and not in every dashboard's first load), rewrites the
 * query string in its canonical form without a server round trip, and React Query refetches on
 * the new key. An address this hook wrote is canonical, or holds the values it refused: a range
 * chosen backwards stays in the fields and its issues are shown (instead of the field snapping
 * back without a word), until it is changed.
 */
import { useSearchParams } from "next/navigation";
import { useState } from "react";
import type { FilterDefinition, FilterIssue, ParserMap } from "@/lib/filters/core";

/** What the page parsed from the address it was opened with. */
export type InitialFilter = { raw: string; query: string; issues: FilterIssue[] };

export function useUrlFilter<P extends ParserMap>(
  load: () => Promise<FilterDefinition<P>>,
  initial: InitialFilter,
  today: string,
) {
  const searchParams = useSearchParams();
  const raw = searchParams.toString();
  // The issues of each address this hook wrote with values it refused, never cleared: until the
  // address this hook wrote is rendered, the one before it may be rendered once more.
  const [refused, setRefused] = useState<ReadonlyMap<string, FilterIssue[]>>(new Map());
  const filter =
    raw === initial.raw ? initial : { raw, query: raw, issues: refused.get(raw) ?? [] };

  function replaceQuery(query: string) {
    window.history.replaceState(null, "", query ? `?${query}` : window.location.pathname);
  }

  return {
    filter,
    /** What the address says for `key`, as typed (for the controls). */
    valueOf: (key: keyof P & string) => searchParams.get(key) ?? "",
    async setFilter(key: keyof P & string, value: string) {
      const [definition, { parseFilter }] = await Promise.all([
        load(),
        import("@/lib/filters/core"),
      ]);
      const next = new URLSearchParams(searchParams);
      if (value) next.set(key, value);
      else next.delete(key);
      const parsed = parseFilter(definition, next, today);
      // The valid part, and the refused values of keys the fields set (a key the filter does not
      // know, from a hand-edited address, is dropped as before: no field could clear it).
      const written = new URLSearchParams(parsed.query);
      const refusedHere = parsed.issues.filter(
        (i) => Object.hasOwn(definition.parsers, i.path) && i.said.key !== "givenTwice",
      );
      for (const { path } of refusedHere) {
        const given = next.get(path);
        // A cross-key issue may name a key the address leaves to its default (the interval).
        if (given !== null) written.set(path, given);
      }
      const address = written.toString();
      if (refusedHere.length)
        setRefused((kept) => new Map([...[...kept].slice(-7), [address, refusedHere]]));
      replaceQuery(address);
    },
    resetFilter: () => replaceQuery(""),
  };
}
