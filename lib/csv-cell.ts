/** One CSV cell as text; formulas a spreadsheet would run are defused with an apostrophe. */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  // A figure is written as one: a share to four decimals (0.4831 is 48.31 %), never defused.
  if (typeof value === "number")
    return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(4)));
  const text =
    value instanceof Date
      ? value.toISOString()
      : typeof value === "object"
        ? JSON.stringify(value)
        : String(value);
  return FORMULA_START.test(text) ? `'${text}` : text;
}
