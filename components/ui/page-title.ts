import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

/**
 * A page's `generateMetadata` that only sets its title from the message catalog, in the
 * reader's language: `export const generateMetadata = pageTitle("nav", "consent");`.
 */
export function pageTitle(namespace: string, key: string) {
  return async function generateMetadata(): Promise<Metadata> {
    const t = await getTranslations();
    return { title: t(`${namespace}.${key}` as Parameters<typeof t>[0]) };
  };
}
