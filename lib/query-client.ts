/**
 * The one QueryClient factory: a new client per request on the server (no data shared between
 * users), one for the whole tab in the browser. Dashboards prefetch on the server and hand the
 * cache to the client through HydrationBoundary.
 */
import { isServer, QueryClient } from "@tanstack/react-query";

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: { queries: { staleTime: 60_000, retry: 1, refetchOnWindowFocus: false } },
  });
}

let browserClient: QueryClient | undefined;

export function getQueryClient(): QueryClient {
  if (isServer) return makeQueryClient();
  browserClient ??= makeQueryClient();
  return browserClient;
}

/** Fetches JSON from our API, throwing the API's error message on a non-2xx answer. */
export async function fetchJson<T>(url: string): Promise<T> {
  return (await fetchFigures<T>(url)).figures;
}

/**
 * A dashboard's figures, when the server read them (ISO), and how old they already were when
 * they reached the page (ms, by the server's clock alone), as the page and client keep them.
 */
export type Figures<T> = { figures: T; asOf: string; ageAtRead: number };

/**
 * As fetchJson, with the time the server read the figures (its Last-Modified header) and their
 * age when it answered (its Date header less that: both the server's clock, to the second).
 */
export async function fetchFigures<T>(url: string): Promise<Figures<T>> {
  const response = await fetch(url, { headers: { accept: "application/json" } });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: string } | null;
    throw new Error(body?.error ?? `Request failed with ${response.status}`);
  }
  const modified = Date.parse(response.headers.get("last-modified") ?? "");
  const answered = Date.parse(response.headers.get("date") ?? "");
  const figures = (await response.json()) as T;
  return {
    figures,
    asOf: new Date(Number.isNaN(modified) ? Date.now() : modified).toISOString(),
    ageAtRead: Number.isNaN(modified) || Number.isNaN(answered) ? 0 : answered - modified,
  };
}
