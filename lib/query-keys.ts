/** React Query keys shared by server prefetches and client components (not a client module). */
export type MetricsName = "consent" | "profiles" | "sources";

/** The figures of one dashboard for one canonical query string (its filter module's). */
export const metricsQueryKey = (name: MetricsName, query = "") => ["metrics", name, query] as const;

export const completenessModelQueryKey = ["profiles", "model"] as const;
