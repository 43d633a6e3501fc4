/**
 * What a filter says about a refused part of it, as a `filterMessages` catalog key with its
 * values: a page says it in the reader's language (components/ui/filter-issues), the API in
 * English (lib/filters/english). Types and plain values only: no catalog is shipped to the browser
 * for this.
 */
import type { createTranslator } from "use-intl/core";
import type en from "@/messages/en.json";

export type FilterMessageKey = keyof typeof en.filterMessages;

/** A translator of the catalog, as a type only: what each message's placeholders take. */
declare const _translator: ReturnType<typeof createTranslator<typeof en, "filterMessages">>;
/** The values a message names (undefined: it names none). */
export type FilterSaidValues<K extends FilterMessageKey> = Parameters<typeof _translator<K>>[1];

/** A message of the catalog with the values it names: each key with its own. */
export type FilterSaid = {
  [K in FilterMessageKey]: undefined extends FilterSaidValues<K>
    ? { key: K; values?: undefined }
    : { key: K; values: FilterSaidValues<K> };
}[FilterMessageKey];

/** A message with its values, checked against its placeholders. */
export function filterSaid<K extends FilterMessageKey>(
  key: K,
  ...values: undefined extends FilterSaidValues<K> ? [] : [FilterSaidValues<K>]
): FilterSaid {
  return (values[0] ? { key, values: values[0] } : { key }) as FilterSaid;
}

/** What a translator of the catalog is given to say `said`, in any language. */
export const filterSayArgs = (said: FilterSaid) =>
  [said.key as "tablePage", said.values as undefined] as const;
