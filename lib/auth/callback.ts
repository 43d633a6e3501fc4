/**
 * Where to send someone after sign-in: only a path on this site. The value is resolved the way a
 * browser would (which drops tabs and newlines, so "/\t/evil.com" means "//evil.com") and must
 * stay on the same origin; anything else means the overview.
 */
export function safeCallback(value: string | string[] | undefined): string {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw || !raw.startsWith("/")) return "/";
  const base = "http://firstparty.invalid";
  try {
    const url = new URL(raw, base);
    if (url.origin !== base) return "/";
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return "/";
  }
}
