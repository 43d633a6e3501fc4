/** A customer's region: an ISO 3166 code in use, as laws and breakdowns match it. */
import { describe, expect, it } from "vitest";
import { regionSchema as consentRegion } from "@/lib/consent/schema";
import { regionSchema as profileRegion } from "@/lib/profiles/schema";
import { UNKNOWN_REGION } from "@/lib/profiles/schema";

describe.each([
  ["a consent event's region", consentRegion],
  ["a profile's region", profileRegion],
])("%s", (_, schema) => {
  const issues = (region: string) =>
    schema.safeParse(region).error?.issues.map((i) => i.message) ?? [];

  it("is a country's code, or a subdivision of one, or unknown", () => {
    for (const region of ["DE", "GB", "US-CA", "GB-SCT", "XK", UNKNOWN_REGION])
      expect(issues(region), region).toEqual([]);
  });

  it("refuses a code that names no country now, pointing the United Kingdom to GB", () => {
    // UK is no ISO code (the United Kingdom is GB): a customer filed under it is covered by no
    // law's jurisdiction. DD and YU are codes of countries that no longer exist.
    for (const region of ["UK", "UK-ENG", "XX", "QQ", "DD", "YU"])
      expect(issues(region), region).toEqual(["validation.regionUnknown"]);
  });
});
