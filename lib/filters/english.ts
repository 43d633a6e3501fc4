/**
 * A filter's issues in English, as the API answers them (`issues[].message`) and the API
 * reference describes each parameter: the `filterMessages` catalog's English, so the page's
 * words and the API's are one text. Server-side only: it holds the English catalog.
 */
import "server-only";
import { createTranslator } from "use-intl/core";
import en from "@/messages/en.json";
import { filterSayArgs, type FilterSaid } from "./said";

const english = createTranslator({ locale: "en", messages: en, namespace: "filterMessages" });

/** The sentence in English. */
export const filterInEnglish = (said: FilterSaid): string => english(...filterSayArgs(said));

/** Issues as the API answers them: each path with its English sentence. */
export const issuesInEnglish = (issues: readonly { path: string; said: FilterSaid }[]) =>
  issues.map(({ path, said }) => ({ path, message: filterInEnglish(said) }));
