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
import type { Figures } from "@/lib/query-client";
import { cachedFigures, dashboardKey } from "@/lib/figures-cache";
import type { Db } from "@/lib/database";
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
 * A dashboard's figures for the client component under <Prefetched>, read through the shared
 * figures cache (lib/figures-cache) under the same key as its metrics API, and when they were
 * read (the figures carry it to the client). Without `load`, nothing is read and the client asks
 * itself.
 */
export async function prefetchFigures<T>(
  db: Db,
  dashboard: MetricsName,
  today: string,
  query: string,
  load?: () => Promise<T>,
): Promise<DehydratedState> {
  const fresh = load && (await cachedFigures(db, dashboardKey(dashboard, today, query), load));
  const cache = await prefetch(
    metricsQueryKey(dashboard, query),
    fresh &&
      (async (): Promise<Figures<T>> => ({
        figures: fresh.value,
        asOf: fresh.asOf.toISOString(),
        ageAtRead: Date.now() - fresh.asOf.getTime(),
      })),
  );
  return cache;
}

/**
 * A filtered dashboard's server half: parses the address with the dashboard's filter module,
 * prefetches its figures when the filter is valid (with issues, nothing is read and the client
 * shows them), and returns what the client component starts from.
 */
export async function prefetchFiltered<P extends ParserMap, T>(
  db: Db,
  dashboard: MetricsName,
  definition: FilterDefinition<P>,
  searchParams: PageSearchParams,
  today: string,
  read: (values: FilterValues<P>) => Promise<T>,
) {
  const params = await searchParams;
  const filter = parseFilter(definition, params, today);
  const initial = { raw: rawQuery(params), query: filter.query, issues: filter.issues };
  const cache = await prefetchFigures(
    db,
    dashboard,
    today,
    filter.query,
    filter.issues.length === 0 ? () => read(filter.values) : undefined,
  );
  return { initial, cache };
}
