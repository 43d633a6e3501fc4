/**
 * What a filter says about a refused part of it, as a `filterMessages` catalog key with its
 * values: a page says it in the reader's language (components/ui/filter-issues), the API in
 * English (lib/filters/english). Types and plain values only: no catalog is shipped to the browser
 * for this.
 */
import type en from "@/messages/en.json";

export type FilterMessageKey = keyof typeof en.filterMessages;
export type FilterSaid = { key: FilterMessageKey; values?: Record<string, string | number> };

export const filterSaid = (key: FilterMessageKey, values?: FilterSaid["values"]): FilterSaid =>
  values ? { key, values } : { key };
