/**
 * The reader's time zone: the browser says it (components/shell/time-zone-sync), a cookie keeps
 * it, and every moment on a page (an audit event, a link's expiry, a save) is shown in it with
 * the zone named. Calendar days (an effective date, a deadline) stay days: they are shown as
 * written, in UTC, and never move to the day before. Without the cookie (the first page, a
 * browser without JavaScript), moments are shown in UTC, named as such.
 */
export const TIME_ZONE_COOKIE = "FIRSTPARTY_TZ";
export const DEFAULT_TIME_ZONE = "UTC";

/** An IANA zone the runtime knows, in its canonical spelling; otherwise undefined. */
export function knownTimeZone(value: unknown): string | undefined {
  if (typeof value !== "string" || value.length === 0 || value.length > 64) return undefined;
  try {
    return new Intl.DateTimeFormat("en", { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}
