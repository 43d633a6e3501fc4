"use client";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { useFormatter, useTranslations } from "next-intl";
import { pageRefreshSeconds } from "@/lib/refresh";

/** When a page's server-side reads were made, and the age limit, for a client dashboard. */
export type ReadAt = { asOf: readonly (string | undefined)[]; maxAge: number };

/**
 * When the figures on screen were read, and how old the server's copies may get
 * (lib/figures-cache). With several reads on one screen, the oldest is shown: nothing on it is
 * staler than this line says. While it is shown, the page's server-rendered figures are read
 * again every minute (AutoRefresh); a client dashboard's own figures refresh sooner (useMetrics).
 */
export function FiguresAsOf({
  asOf,
  maxAge,
}: {
  asOf: readonly (string | undefined)[];
  maxAge: number;
}) {
  const t = useTranslations("figures");
  const format = useFormatter();
  const times = asOf.filter((a): a is string => !!a).map((a) => Date.parse(a));
  if (times.length === 0) return null;
  const time = format.dateTime(new Date(Math.min(...times)), {
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    timeZoneName: "short",
  });
  return (
    <p className="muted figures-as-of" data-testid="figures-as-of">
      {t("asOf", { time })}
      {maxAge > 0 && <> · {t("maxAge", { seconds: maxAge })}</>}
      <AutoRefresh seconds={pageRefreshSeconds(maxAge)} />
    </p>
  );
}

/**
 * Reads an open dashboard's server-rendered figures again every `seconds` while its tab is
 * shown (router.refresh: the server renders the page anew, through the shared figures cache,
 * and what is typed into the page stays). A hidden tab asks nothing; shown again, it asks within
 * a second if its figures are due. The figures a client component reads refresh themselves
 * (useMetrics).
 */
function AutoRefresh({ seconds }: { seconds: number }) {
  const router = useRouter();
  useEffect(() => {
    let last = Date.now();
    const timer = setInterval(() => {
      if (document.hidden || Date.now() - last < seconds * 1000) return;
      last = Date.now();
      router.refresh();
    }, 1000);
    return () => clearInterval(timer);
  }, [router, seconds]);
  return null;
}
