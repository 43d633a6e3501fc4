/**
 * The pages whose every render is an audited look-up of customers' data, and where a browser
 * that arrives at one from another site lands instead: another site must not be able to make a
 * signed-in officer's browser run a look-up that goes on the officer's record. Shared by the
 * pages (which send such a visit on) and the proxy (which keeps the look-up out of the sign-in
 * page's return address for a visitor not signed in).
 */

/** The page that asks before a look-up opened from another site. */
export const LOOK_UP_PATH = "/consent/look-up";

/** Whether `pathname?search` is an audited look-up: a customer's record, identity or a search. */
export function isAuditedLookup(pathname: string, search: URLSearchParams): boolean {
  if (pathname.startsWith("/consent/subjects/"))
    return pathname.length > "/consent/subjects/".length;
  if (pathname === "/consent/subjects")
    return Boolean(search.get("q")?.trim() || search.get("subjectId")?.trim());
  return pathname === "/admin/profiles" && search.get("values") === "shown";
}

/**
 * Where a browser arriving from another site at `pathname?search` is sent instead, or null when
 * the page runs no audited look-up. A customer look-up asks first; the flagged values stay
 * masked.
 */
export function landingFromAnotherSite(pathname: string, search: URLSearchParams): string | null {
  if (!isAuditedLookup(pathname, search)) return null;
  if (pathname === "/admin/profiles") return "/admin/profiles";
  const query = search.toString();
  return `${LOOK_UP_PATH}?${new URLSearchParams({ next: query ? `${pathname}?${query}` : pathname })}`;
}

/** The same for a path with its query (a sign-in page's return address). */
export function landingFromAnotherSiteAt(path: string): string {
  const url = new URL(path, "http://firstparty.invalid");
  return landingFromAnotherSite(url.pathname, url.searchParams) ?? path;
}
