/**
 * What a filter says about a refused part of it, as a `filterMessages` catalog key with its
 * values: a page says it in the reader's language (components/ui/filter-issues), the API in
 * English (lib/filters/english). Types and plain values only: no catalog is shipped to the browser
 * for this.
 */
import type { createTranslator } from "use-intl/core";
import type en from "@/messages/en.json";
import { saidOf, type CatalogSaid } from "@/lib/catalog-said";

export type FilterMessageKey = keyof typeof en.filterMessages;

/** A translator of the catalog, as a type only: what each message's placeholders take. */
declare const _translator: ReturnType<typeof createTranslator<typeof en, "filterMessages">>;
/** Each message's values. */
type Values = { [K in FilterMessageKey]: Parameters<typeof _translator<K>>[1] };

export type FilterSaid = CatalogSaid<Values>;

/** A message with its values, checked against its placeholders. */
export const filterSaid = saidOf<Values>();

/** What a translator of the catalog is given to say `said`, in any language. */
export const filterSayArgs = (said: FilterSaid) =>
  [said.key as "tablePage", said.values as undefined] as const;
