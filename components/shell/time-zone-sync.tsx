"use client";
import { useTimeZone } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { TIME_ZONE_COOKIE } from "@/i18n/time-zone";

/**
 * Tells the server the browser's time zone (a cookie, read by i18n/request), so moments on the
 * pages are shown in the reader's own. When this page was shown in another zone, it is shown
 * again (`refresh`); a zone the server does not take is not asked for twice.
 */
export function TimeZoneSync({ refresh = true }: { refresh?: boolean }) {
  const shown = useTimeZone();
  const router = useRouter();
  useEffect(() => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!zone || zone === shown) return;
    const held = document.cookie
      .split("; ")
      .find((c) => c.startsWith(`${TIME_ZONE_COOKIE}=`))
      ?.slice(TIME_ZONE_COOKIE.length + 1);
    // Compared encoded: a malformed value (another app's cookie) must not throw here.
    if (held === encodeURIComponent(zone)) return;
    const secure = location.protocol === "https:" ? "; secure" : "";
    document.cookie = `${TIME_ZONE_COOKIE}=${encodeURIComponent(zone)}; path=/; max-age=31536000; samesite=lax${secure}`;
    if (refresh) router.refresh();
  }, [shown, refresh, router]);
  return null;
}
