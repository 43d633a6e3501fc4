import { NextIntlClientProvider } from "next-intl";
import { getMessages } from "next-intl/server";

type Messages = Awaited<ReturnType<typeof getMessages>>;
type Namespace = keyof Messages;

/**
 * Hands client components the message namespaces they translate with, and only those: every
 * message passed here is serialized into the page on each request, and the whole catalog was
 * two thirds of a typical page (33 kB). Server components translate with getTranslations and
 * need no provider. A nested provider replaces the messages of the one above it. `only` narrows
 * a namespace to the keys a page can show (a few of a large catalog).
 */
export async function ClientMessages({
  namespaces,
  only = {},
  children,
}: {
  namespaces: readonly Namespace[];
  only?: { [N in Namespace]?: readonly (keyof Messages[N] & string)[] };
  children: React.ReactNode;
}) {
  const all = await getMessages();
  const messages = Object.fromEntries(
    namespaces.map((n) => {
      const keys = only[n] as readonly string[] | undefined;
      const namespace = all[n] as Record<string, unknown>;
      return [n, keys ? Object.fromEntries(keys.map((k) => [k, namespace[k]])) : namespace];
    }),
  );
  return <NextIntlClientProvider messages={messages}>{children}</NextIntlClientProvider>;
}
