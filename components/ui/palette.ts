/**
 * The colours of the charts, in one place: named tones (contrast-checked on the white panel),
 * the order a chart takes them in for a list of series, and one colour per source party.
 * CSS colours stay in app/globals.css.
 */
export const tones = {
  blue: "#1f4fd1",
  red: "#b42318",
  green: "#1b7f5a",
  amber: "#a35f00",
  violet: "#6d28d9",
  teal: "#0e7490",
  pink: "#be185d",
  olive: "#4d7c0f",
  slate: "#374151",
  grey: "#6b7280",
  ink: "#111827",
} as const;

/** The n-th series of a chart with many (one per purpose, say). */
export function seriesColor(index: number): string {
  const order = [
    tones.blue,
    tones.red,
    tones.green,
    tones.amber,
    tones.violet,
    tones.teal,
    tones.pink,
    tones.olive,
    tones.slate,
  ];
  return order[index % order.length]!;
}

/** One colour per source party, the same on every chart; grey where the party is unknown. */
export const partyColors = {
  zero: tones.green,
  first: tones.blue,
  second: tones.amber,
  third: tones.red,
  unknown: tones.grey,
} as const;
