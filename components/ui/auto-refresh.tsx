"use client";
import { useRouter } from "next/navigation";
import { useEffect } from "react";

/**
 * Reads an open dashboard's server-rendered figures again every `seconds` while its tab is
 * shown (router.refresh: the server renders the page anew, through the shared figures cache,
 * and what is typed into the page stays). A hidden tab asks nothing; shown again, it asks at
 * once if its figures are due. The figures a client component reads refresh themselves
 * (useMetrics).
 */
export function AutoRefresh({ seconds }: { seconds: number }) {
  const router = useRouter();
  useEffect(() => {
    let last = Date.now();
    const refreshIfDue = () => {
      if (document.visibilityState !== "visible" || Date.now() - last < seconds * 1000) return;
      last = Date.now();
      router.refresh();
    };
    const timer = window.setInterval(refreshIfDue, 1000);
    document.addEventListener("visibilitychange", refreshIfDue);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener("visibilitychange", refreshIfDue);
    };
  }, [router, seconds]);
  return null;
}
