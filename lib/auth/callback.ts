/**
 * Where to send someone after sign-in: only a path on this site. The value is resolved the way a
 * browser would (which drops tabs and newlines, reads "\" as "/" and removes dot segments, so
 * "/\t/evil.com" and "/.//evil.com" both mean "//evil.com") and the result must be a path on the
 * same origin that a browser cannot read as another host: anything else means the overview.
 */
export function safeCallback(value: string | string[] | undefined): string {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw || !raw.startsWith("/")) return "/";
  const base = "http://firstparty.invalid";
  try {
    const url = new URL(raw, base);
    if (url.origin !== base) return "/";
    const path = `${url.pathname}${url.search}${url.hash}`;
    // "//host" or "/\host" after resolution would leave the site when used as a location.
    if (path.startsWith("//") || path.startsWith("/\\")) return "/";
    // The path as the app routes it ("/consent//subjects/x" is redirected to the single-slash
    // one), so that the sign-in page tells an audited look-up when it sees one.
    const pathname = url.pathname.replace(/\/{2,}/g, "/");
    // The API answers programs, not a person who just signed in; and a look-up there opened
    // from the sign-in page would count as this site's (lib/consent/look-up-path).
    if (pathname === "/api" || pathname.startsWith("/api/")) return "/";
    return `${pathname}${url.search}${url.hash}`;
  } catch {
    return "/";
  }
}

/**
 * The header in which the proxy gives every page request the path and query it asked for, its
 * own value whatever the client sent: a page that finds the session ended (signed out
 * elsewhere, a password reset) sends sign-in back there (`signInPath`).
 */
export const RETURN_HEADER = "x-firstparty-return-to";

/** The sign-in page, returning to `back` where that is a safe place other than the overview. */
export function signInPath(back: string | null | undefined): string {
  const path = safeCallback(back ?? undefined);
  return path === "/" ? "/login" : `/login?${new URLSearchParams({ callbackUrl: path })}`;
}
