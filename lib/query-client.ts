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

/** The least time between two automatic reads of an open dashboard's figures, in ms. */
export const MIN_REFRESH_MS = 5_000;

/**
 * When an open dashboard reads its figures again, in ms from now: once the copy it shows is
 * `maxAge` seconds old (its age when it arrived, `ageAtRead`, plus the time since), since the
 * server then has a younger one; never sooner than MIN_REFRESH_MS after the last read, so a copy
 * that arrives already old (or a server keeping none, maxAge 0) is not asked for in a loop, and
 * never in less than a second.
 */
export function refreshIn(
  maxAge: number,
  figures: { ageAtRead: number; receivedAt: number },
  now: number,
): number {
  const age = figures.ageAtRead + (now - figures.receivedAt);
  const sinceRead = now - figures.receivedAt;
  // Never 0: React Query takes an interval of 0 as none.
  return Math.max(maxAge * 1000 - age, MIN_REFRESH_MS - sinceRead, 1000);
}

/** How often an open dashboard's server-rendered figures are read again, in seconds. */
export const pageRefreshSeconds = (maxAge: number) => Math.max(60, maxAge);
