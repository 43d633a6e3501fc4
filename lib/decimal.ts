/**
 * A number typed into a form, with a decimal comma as German writes it ("12,5") or a point;
 * NaN for anything else, which the schema then refuses on its field. Empty: undefined. Shared
 * by server actions and client forms, so it imports nothing.
 */
export function decimalField(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  return /^[-+]?\d*(,\d+)?$/.test(trimmed) ? Number(trimmed.replace(",", ".")) : Number(trimmed);
}

/**
 * A whole number as a sheet or a form writes it (a monthly volume), as a number. Digits grouped
 * by threes with one mark ("250.000" in German, "250,000", "250 000", "250'000") are that number:
 * `Number` would read "250.000" as 250, a thousandth of it, and stripping every mark would read
 * "83333.33" as 8,333,333. Anything else is read as a number where it is one (a fraction, which
 * the schema refuses as not whole) and stays text where it is not, for the schema to refuse on its
 * field.
 */
export function wholeNumberText(value: string): number | string {
  const grouped = /^[1-9]\d{0,2}(?:([.,\s_'\u00a0\u202f])\d{3})(?:\1\d{3})*$/.test(value);
  const n = Number(grouped ? value.replace(/\D/g, "") : value.replace(/[\s_]/g, ""));
  return value !== "" && Number.isFinite(n) ? n : value;
}
