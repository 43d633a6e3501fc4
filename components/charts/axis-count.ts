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
