import {
  dehydrate,
  HydrationBoundary,
  type DehydratedState,
  type QueryKey,
} from "@tanstack/react-query";
import type { ReactNode } from "react";
import { QueryProvider } from "@/components/query-provider";
import { makeQueryClient } from "@/lib/query-client";

/**
 * Reads a query on the server, so the client component under <Prefetched> starts with its
 * data (a new cache per request: nothing is shared between users). Without `load`, nothing is
 * read and the client asks itself.
 */
export async function prefetch(
  queryKey: QueryKey,
  load?: () => Promise<unknown>,
): Promise<DehydratedState> {
  const queryClient = makeQueryClient();
  if (load) await queryClient.prefetchQuery({ queryKey, queryFn: load });
  return dehydrate(queryClient);
}

/** The cache a server page prefetched, handed to the client components below. */
export function Prefetched({ state, children }: { state: DehydratedState; children: ReactNode }) {
  return (
    <QueryProvider>
      <HydrationBoundary state={state}>{children}</HydrationBoundary>
    </QueryProvider>
  );
}
