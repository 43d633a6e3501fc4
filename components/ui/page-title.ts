import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

type Translate = Awaited<ReturnType<typeof getTranslations<never>>>;

/**
 * A page's `generateMetadata` that only sets its title from the message catalog, in the
 * reader's language: `export const generateMetadata = pageTitle((t) => t("nav.consent"));`.
 * The key is checked at the call like any other `t(…)`; a parameter typed as "any message
 * key" would make TypeScript build the union of every key, which it refuses as too complex.
 */
export function pageTitle(title: (t: Translate) => string) {
  return async function generateMetadata(): Promise<Metadata> {
    return { title: title(await getTranslations()) };
  };
}
