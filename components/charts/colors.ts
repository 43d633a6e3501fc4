/** One colour per source party, the same on every chart. */
export const partyColors = {
  zero: "#1b7f5a",
  first: "#1f4fd1",
  second: "#a35f00",
  third: "#b42318",
} as const;
