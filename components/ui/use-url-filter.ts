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
  // The issues of the last address this hook wrote with values it refused.
  const [refused, setRefused] = useState<{ raw: string; issues: FilterIssue[] } | null>(null);
  const filter =
    raw === initial.raw
      ? initial
      : { raw, query: raw, issues: refused?.raw === raw ? refused.issues : [] };

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
        (i) => i.path in definition.parsers && i.said.key !== "givenTwice",
      );
      for (const { path } of refusedHere) written.set(path, next.get(path) ?? "");
      setRefused(refusedHere.length ? { raw: written.toString(), issues: refusedHere } : null);
      replaceQuery(written.toString());
    },
    resetFilter: () => replaceQuery(""),
  };
}
