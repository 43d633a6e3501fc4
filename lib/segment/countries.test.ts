import { describe, expect, it } from "vitest";
import { countryCodeOf } from "./countries";

describe("a country as senders write it", () => {
  it("is read from its code, in either case, UK being GB", () => {
    expect(countryCodeOf("de")).toBe("DE");
    expect(countryCodeOf(" FR ")).toBe("FR");
    expect(countryCodeOf("UK")).toBe("GB");
  });

  it("is read from its three-letter code, as CRMs and Segment's own location data often send it", () => {
    expect(countryCodeOf("DEU")).toBe("DE");
    expect(countryCodeOf("gbr")).toBe("GB");
    expect(countryCodeOf(" AUT ")).toBe("AT");
    expect(countryCodeOf("USA")).toBe("US");
    // Three letters that are no code are still nothing.
    expect(countryCodeOf("ZZY")).toBeUndefined();
  });

  it("is read from its English or German name, regardless of case and accents", () => {
    expect(countryCodeOf("Italy")).toBe("IT");
    expect(countryCodeOf("united states")).toBe("US");
    expect(countryCodeOf("United States of America")).toBe("US");
    expect(countryCodeOf("Deutschland")).toBe("DE");
    expect(countryCodeOf("Österreich")).toBe("AT");
    expect(countryCodeOf("osterreich")).toBe("AT");
    expect(countryCodeOf("Côte d’Ivoire")).toBe("CI");
    expect(countryCodeOf("Vereinigtes Königreich")).toBe("GB");
  });

  it("is nothing when the text names no country", () => {
    expect(countryCodeOf("Atlantis")).toBeUndefined();
    expect(countryCodeOf("Unknown Region")).toBeUndefined();
    expect(countryCodeOf("D")).toBeUndefined();
    expect(countryCodeOf("")).toBeUndefined();
  });
});
