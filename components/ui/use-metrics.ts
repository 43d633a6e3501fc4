"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { FilterIssue } from "@/lib/filters/core";
import { fetchFigures, type Figures } from "@/lib/query-client";
import { refreshEvery } from "@/lib/refresh";
import { metricsQueryKey, type MetricsName } from "@/lib/query-keys";
import { metricsStatus } from "./metrics-status";

/**
 * One dashboard's figures from GET /api/v1/metrics/<name>?<query>, under the key the page
 * prefetched them with; the last figures stay shown while a new filter loads. While the tab is
 * shown, the figures are read again every `maxAge` seconds (lib/refresh), at most every few
 * seconds; FiguresAsOf says when the shown figures were read.
 */
export function useMetrics<T>(name: MetricsName, maxAge: number, query = "", enabled = true) {
  const result = useQuery({
    queryKey: metricsQueryKey(name, query),
    queryFn: () => fetchFigures<T>(`/api/v1/metrics/${name}${query ? `?${query}` : ""}`),
    placeholderData: keepPreviousData,
    staleTime: (query) =>
      Math.max(0, maxAge * 1000 - Math.max(0, query.state.data?.ageAtRead ?? maxAge * 1000)),
    // An open tab reads again by itself (a hidden one does not), as often as the server's copy
    // is renewed, and at most every few seconds.
    refetchInterval: refreshEvery(maxAge),
    enabled,
  });
  const fresh: Figures<T> | undefined = result.data;
  return { ...result, data: fresh?.figures, asOf: fresh?.asOf };
}

/**
 * The figures for a dashboard's filter (none are asked while it has issues), and `status`: what
 * to show in their place until they are there (the issues, a skeleton, or the load error).
 */
export function useFilteredMetrics<T>(
  name: MetricsName,
  maxAge: number,
  filter: { query: string; issues: FilterIssue[] },
  t: (key: "filterInvalid" | "loading" | "loadError") => string,
) {
  const { data, asOf, isPending, isError, isFetching } = useMetrics<T>(
    name,
    maxAge,
    filter.query,
    filter.issues.length === 0,
  );
  const status = metricsStatus(
    { issues: filter.issues, isPending, isError, hasData: data !== undefined },
    { invalid: t("filterInvalid"), loading: t("loading"), failed: t("loadError") },
  );
  return { data, asOf, isFetching, status };
}
