/**
 * The OpenAPI document's descriptions in German, for the API reference page: the document itself
 * (what other systems read) stays in English, and each of its descriptions has its German here,
 * keyed by the English text. A test holds the two together: a description added or reworded
 * without its German fails it.
 */
import german from "./descriptions.de.json";

const byEnglish: Record<string, string> = german;

/** A description of the document as a reader of `locale` reads it (English where none is kept). */
export function describedIn(locale: string, text: string): string {
  return locale === "de" ? (byEnglish[text] ?? text) : text;
}

/** Every English description that has its German. */
export const germanDescriptions = (): ReadonlyMap<string, string> =>
  new Map(Object.entries(byEnglish));
