/** A customer's region: an ISO 3166 code in use, as laws and breakdowns match it. */
import { describe, expect, it } from "vitest";
import { regionSchema as consentRegion } from "@/lib/consent/schema";
import { regionSchema as profileRegion, UNKNOWN_REGION } from "@/lib/profiles/schema";
import { currentRegion, storableRegion } from "./regions";

describe.each([
  ["a consent event's region", consentRegion],
  ["a profile's region", profileRegion],
])("%s", (_, schema) => {
  const parsed = (region: string) => {
    const result = schema.safeParse(region);
    return result.success ? result.data : result.error.issues.map((i) => i.message);
  };

  it("is a country's code, or a subdivision of one, or unknown", () => {
    for (const region of ["DE", "GB", "US-CA", "GB-SCT", "XK", UNKNOWN_REGION])
      expect(parsed(region), region).toBe(region);
  });

  it("is stored as the code in use for a country named by one replaced since", () => {
    // UK is no ISO code (the United Kingdom is GB): filed under it, a customer would be covered
    // by no law's jurisdiction. DD and YU are codes of countries that no longer exist; EL is
    // the EU's code for Greece.
    expect(parsed("UK")).toBe("GB");
    expect(parsed("UK-ENG")).toBe("GB-ENG");
    expect(parsed("DD")).toBe("DE");
    expect(parsed("YU")).toBe("RS");
    expect(parsed("EL")).toBe("GR");
  });

  it("refuses a code that names no country", () => {
    for (const region of ["XX", "QQ", "AA-01"])
      expect(parsed(region), region).toEqual(["validation.regionUnknown"]);
  });
});

describe("a region stored before such codes were refused", () => {
  it("is read as the code in use, or as unknown when it names no country", () => {
    expect(storableRegion("UK")).toBe("GB");
    expect(storableRegion("DE-BY")).toBe("DE-BY");
    expect(storableRegion("XX")).toBe(UNKNOWN_REGION);
    expect(storableRegion("Nowhere")).toBe(UNKNOWN_REGION);
    expect(currentRegion("Nowhere")).toBe("Nowhere");
  });
});
