/**
 * Numbers and shares as the reader's locale writes them, through next-intl's formatter
 * (useFormatter() in a client component, await getFormatter() on the server). A missing value
 * is a dash.
 */
import type { createFormatter } from "next-intl";

type Formatter = Pick<ReturnType<typeof createFormatter>, "number">;
type DateFormatter = Pick<ReturnType<typeof createFormatter>, "dateTime">;

export const NO_VALUE = "—";

/**
 * A share (0.425) as a percentage with one decimal everywhere (42.5 %, 32.0 %), so figures side
 * by side read alike; an axis's round ticks ask for none. A share that is neither none nor all
 * never reads as either: 9,996 of 10,000 is "> 99.9 %", 4 of 20,000 "< 0.1 %", where rounding
 * alone would say 100.0 % and 0.0 %.
 */
export function formatPercent(
  format: Formatter,
  share: number | null | undefined,
  digits = 1,
): string {
  if (share === null || share === undefined) return NO_VALUE;
  const percent = (value: number) =>
    format.number(value, {
      style: "percent",
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
  // The smallest share the digits show (0.001 for one decimal), and half of it: what rounds away.
  const step = 10 ** -(digits + 2);
  if (share > 0 && share < step / 2) return `< ${percent(step)}`;
  if (share < 1 && share >= 1 - step / 2) return `> ${percent(1 - step)}`;
  return percent(share);
}

/**
 * A number as the reader types it into a form's field (decimalField reads it back): the
 * locale's decimal separator ("0,5" in German), no grouping, up to `digits` decimals.
 */
export function decimalFieldText(format: Formatter, value: number, digits = 6): string {
  return format.number(value, { useGrouping: false, maximumFractionDigits: digits });
}

/** A count or amount with the locale's grouping. */
export function formatNumber(format: Formatter, value: number | null | undefined): string {
  return value === null || value === undefined ? NO_VALUE : format.number(value);
}

/**
 * The difference of two shares in percentage points, signed, one decimal ("-8.5", "+1.2", "0.0");
 * a dash when either is missing. The caller's message adds the unit (pts, Pp.).
 */
export function formatPoints(
  format: Formatter,
  now: number | null | undefined,
  before: number | null | undefined,
): string {
  return now === null || now === undefined || before === null || before === undefined
    ? NO_VALUE
    : format.number((now - before) * 100, {
        signDisplay: "exceptZero",
        minimumFractionDigits: 1,
        maximumFractionDigits: 1,
      });
}

/**
 * A calendar day (YYYY-MM-DD: effective dates, deadlines, "today") as the reader's medium date. A
 * day is read as UTC midnight and shown in UTC, so it never moves to the day before.
 */
export function formatDay(format: DateFormatter, day: string): string {
  return format.dateTime(new Date(`${day}T00:00:00Z`), { dateStyle: "medium", timeZone: "UTC" });
}

/**
 * A moment (a save, an audit event, a link's expiry) as the reader's date and time in their time
 * zone (i18n/time-zone), with the zone named: "Dec 4, 2026, 1:31 PM GMT+1", "4. Dez. 2026, 13:31
 * MEZ". Seconds where events a moment apart must be told apart (the audit log).
 */
export function formatMoment(
  format: DateFormatter,
  at: Date | string,
  { seconds = false }: { seconds?: boolean } = {},
): string {
  return format.dateTime(typeof at === "string" ? new Date(at) : at, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    ...(seconds ? { second: "2-digit" } : {}),
    timeZoneName: "short",
  });
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
