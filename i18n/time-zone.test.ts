import { describe, expect, it } from "vitest";
import { knownTimeZone } from "./time-zone";

describe("knownTimeZone", () => {
  it("takes an IANA zone the runtime knows, in its canonical spelling", () => {
    expect(knownTimeZone("Europe/Berlin")).toBe("Europe/Berlin");
    expect(knownTimeZone("america/new_york")).toBe("America/New_York");
    expect(knownTimeZone("UTC")).toBe("UTC");
  });

  it("refuses what is not a zone, so a forged cookie falls back to UTC", () => {
    for (const value of ["Mars/Olympus", "", "x".repeat(65), 3, undefined, "Europe/Berlin; x=1"])
      expect(knownTimeZone(value)).toBeUndefined();
  });
});
