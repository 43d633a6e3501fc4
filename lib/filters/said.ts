/**
 * A filter's problem as a `filterMessages` catalog key with its values: the page says it in the
 * reader's language (components/ui/filter-issues); the API answers the English `message` beside
 * it. Types only: the catalog is not shipped to the browser for this.
 */
import type en from "@/messages/en.json";

export type FilterMessageKey = keyof typeof en.filterMessages;
export type FilterSaid = { key: FilterMessageKey; values?: Record<string, string | number> };
