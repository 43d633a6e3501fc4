/** One CSV cell as text; formulas a spreadsheet would run are defused with an apostrophe. */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  // A figure is written as one, never defused: a share to four decimals (0.4831 is 48.31 %),
  // or to as many more as keep it from reading as a whole number it is not (0.99997, not 1).
  if (typeof value === "number") {
    if (Number.isInteger(value) || !Number.isFinite(value)) return String(value);
    for (let decimals = 4; decimals <= 15; decimals++) {
      const rounded = Number(value.toFixed(decimals));
      if (!Number.isInteger(rounded)) return String(rounded);
    }
    return String(value);
  }
  const text =
    value instanceof Date
      ? value.toISOString()
      : typeof value === "object"
        ? JSON.stringify(value)
        : String(value);
  return FORMULA_START.test(text) ? `'${text}` : text;
}
