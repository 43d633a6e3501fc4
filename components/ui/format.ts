/**
 * Numbers and shares as the reader's locale writes them, through next-intl's formatter
 * (useFormatter() in a client component, await getFormatter() on the server). A missing value
 * is a dash.
 */
import type { createFormatter } from "next-intl";

type Formatter = Pick<ReturnType<typeof createFormatter>, "number">;

export const NO_VALUE = "—";

/**
 * A share (0.425) as a percentage with one decimal everywhere (42.5 %, 32.0 %), so figures side
 * by side read alike; an axis's round ticks ask for none.
 */
export function formatPercent(
  format: Formatter,
  share: number | null | undefined,
  digits = 1,
): string {
  return share === null || share === undefined
    ? NO_VALUE
    : format.number(share, {
        style: "percent",
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      });
}

/** A count or amount with the locale's grouping. */
export function formatNumber(format: Formatter, value: number | null | undefined): string {
  return value === null || value === undefined ? NO_VALUE : format.number(value);
}

/** Both formatters bound to one locale's formatter. */
export function numberFormat(format: Formatter) {
  return {
    percent: (share: number | null | undefined, digits?: number) =>
      formatPercent(format, share, digits),
    number: (value: number | null | undefined) => formatNumber(format, value),
  };
}

/** A field name as people say it, for names no message file knows: `loyalty_tier` → "Loyalty tier". */
export function humanize(name: string): string {
  const words = name.replace(/[_-]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Tick labels for an axis of counts up to `max`, all in one unit: "0.3M, 0.6M, 1.2M", never
 * "900K" beside "1.2M". Millions (or thousands) in the locale's short form where it has one
 * (en "1.2M", de "1,2 Mio."); where it has none for thousands (German), the full number.
 */
export function axisCount(locale: string, max: number): (value: number) => string {
  const plain = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  for (const unit of [1_000_000, 1_000]) {
    if (max < unit) continue;
    const parts = new Intl.NumberFormat(locale, { notation: "compact" }).formatToParts(unit);
    if (!parts.some((p) => p.type === "compact")) break;
    const pattern = parts.map((p) => (p.type === "integer" ? "{n}" : p.value)).join("");
    return (value) => (value === 0 ? "0" : pattern.replace("{n}", plain.format(value / unit)));
  }
  return (value) => plain.format(value);
}
