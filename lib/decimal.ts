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
