import {
  dehydrate,
  HydrationBoundary,
  type DehydratedState,
  type QueryKey,
} from "@tanstack/react-query";
import type { ReactNode } from "react";
import { QueryProvider } from "@/components/query-provider";
import { makeQueryClient } from "@/lib/query-client";
import { metricsQueryKey, type MetricsName } from "@/lib/query-keys";
import {
  parseFilter,
  rawQuery,
  type FilterDefinition,
  type FilterValues,
  type PageSearchParams,
  type ParserMap,
} from "@/lib/filters/core";

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

/**
 * A filtered dashboard's server half: parses the address with the dashboard's filter module,
 * prefetches its figures when the filter is valid (with issues, nothing is read and the client
 * shows them), and returns what the client component starts from.
 */
export async function prefetchFiltered<P extends ParserMap, T>(
  dashboard: MetricsName,
  definition: FilterDefinition<P>,
  searchParams: PageSearchParams,
  today: string,
  read: (values: FilterValues<P>) => Promise<T>,
) {
  const params = await searchParams;
  const filter = parseFilter(definition, params, today);
  const initial = { raw: rawQuery(params), query: filter.query, issues: filter.issues };
  const cache = await prefetch(
    metricsQueryKey(dashboard, filter.query),
    filter.issues.length === 0 ? () => read(filter.values) : undefined,
  );
  return { initial, cache };
}
