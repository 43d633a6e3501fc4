"use client";
/**
 * A dashboard filter kept in the address (so every view is a link), read with the same filter
 * module as the page and the API (lib/filters): changing a key rewrites the query string in its
 * canonical form without a server round trip; React Query refetches on the new key.
 */
import { useSearchParams } from "next/navigation";
import { parseFilter, type FilterDefinition, type ParserMap } from "@/lib/filters/core";

export function useUrlFilter<P extends ParserMap>(definition: FilterDefinition<P>, today: string) {
  const searchParams = useSearchParams();
  const filter = parseFilter(definition, searchParams.toString(), today);

  function replaceQuery(query: string) {
    window.history.replaceState(null, "", query ? `?${query}` : window.location.pathname);
  }

  return {
    filter,
    /** What the address says for `key`, as typed (for the controls). */
    valueOf: (key: keyof P & string) => searchParams.get(key) ?? "",
    setFilter(key: keyof P & string, value: string) {
      const next = new URLSearchParams(searchParams);
      if (value) next.set(key, value);
      else next.delete(key);
      replaceQuery(parseFilter(definition, next, today).query);
    },
    resetFilter: () => replaceQuery(""),
  };
}
