"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { fetchJson } from "@/lib/query-client";
import { metricsQueryKey, type MetricsName } from "@/lib/query-keys";

/**
 * One dashboard's figures from GET /api/v1/metrics/<name>?<query>, under the key the page
 * prefetched them with; the last figures stay shown while a new filter loads.
 */
export function useMetrics<T>(name: MetricsName, query = "", enabled = true) {
  return useQuery({
    queryKey: metricsQueryKey(name, query),
    queryFn: () => fetchJson<T>(`/api/v1/metrics/${name}${query ? `?${query}` : ""}`),
    placeholderData: keepPreviousData,
    enabled,
  });
}
