import { NextIntlClientProvider } from "next-intl";
import { getMessages } from "next-intl/server";

type Namespace = keyof Awaited<ReturnType<typeof getMessages>>;

/**
 * Hands client components the message namespaces they translate with, and only those: every
 * message passed here is serialized into the page on each request, and the whole catalog was
 * two thirds of a typical page (33 kB). Server components translate with getTranslations and
 * need no provider. A nested provider replaces the messages of the one above it.
 */
export async function ClientMessages({
  namespaces,
  children,
}: {
  namespaces: readonly Namespace[];
  children: React.ReactNode;
}) {
  const all = await getMessages();
  const messages = Object.fromEntries(namespaces.map((n) => [n, all[n]]));
  return <NextIntlClientProvider messages={messages}>{children}</NextIntlClientProvider>;
}
