/**
 * Translators over the shipped message catalogs for text made outside a React request (the
 * preference page, the laws calendar): made once per language and namespace and kept, so their
 * parsed messages are kept with them, instead of asking next-intl's request configuration.
 */
import { createTranslator } from "use-intl/core";
import de from "@/messages/de.json";
import en from "@/messages/en.json";
import type { Locale } from "./config";

type Messages = typeof en;
type Namespace = keyof Messages;
const translatorOf = <N extends Namespace>(locale: Locale, namespace: N) =>
  createTranslator<Messages, N>({
    locale,
    // The German catalog has the English one's keys and placeholders (tested); its type is
    // the English one's literal types.
    messages: (locale === "de" ? de : en) as Messages,
    namespace,
    timeZone: "UTC",
  });

const kept = new Map<string, unknown>();

/** The translator of `namespace` in `locale`. */
export function shippedTranslator<N extends Namespace>(
  locale: Locale,
  namespace: N,
): ReturnType<typeof translatorOf<N>> {
  const key = `${locale}:${namespace}`;
  let t = kept.get(key) as ReturnType<typeof translatorOf<N>> | undefined;
  if (!t) kept.set(key, (t = translatorOf(locale, namespace)));
  return t;
}
