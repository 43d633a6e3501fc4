/** React Query keys shared by server prefetches and client components (not a client module). */
export const sourceMetricsQueryKey = ["metrics", "sources"] as const;

/** The query string the consent metrics depend on, in a stable order. */
export function consentQueryString(
  params: URLSearchParams | Record<string, string | undefined>,
): string {
  const keys = ["from", "to", "purpose", "functionalArea", "region", "channel", "interval"];
  const get = (k: string) => (params instanceof URLSearchParams ? params.get(k) : params[k]) ?? "";
  const q = new URLSearchParams();
  for (const k of keys) if (get(k)) q.set(k, get(k));
  return q.toString();
}

export const consentQueryKey = (qs: string) => ["metrics", "consent", qs] as const;

/** The query string the profile metrics depend on, in a stable order. */
export function profileQueryString(
  params: URLSearchParams | Record<string, string | undefined>,
): string {
  const get = (k: string) => (params instanceof URLSearchParams ? params.get(k) : params[k]) ?? "";
  const q = new URLSearchParams();
  for (const k of ["region", "party"]) if (get(k)) q.set(k, get(k));
  return q.toString();
}

export const profileQueryKey = (qs: string) => ["metrics", "profiles", qs] as const;
export const completenessModelQueryKey = ["profiles", "model"] as const;
