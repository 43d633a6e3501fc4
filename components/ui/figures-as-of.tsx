"use client";
import { useFormatter, useTranslations } from "next-intl";

/** When a page's server-side reads were made, and the age limit, for a client dashboard. */
export type ReadAt = { asOf: readonly (string | undefined)[]; maxAge: number };

/**
 * When the figures on screen were read, and how old they may get before they are read again
 * (lib/figures-cache). With several reads on one screen, the oldest is shown: nothing on it is
 * staler than this line says.
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
    </p>
  );
}
