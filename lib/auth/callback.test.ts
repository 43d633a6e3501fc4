import { describe, expect, it } from "vitest";
import { safeCallback } from "./callback";

describe("safeCallback", () => {
  it("keeps same-site paths with their query and fragment", () => {
    expect(safeCallback("/consent?region=DE#chart")).toBe("/consent?region=DE#chart");
    expect(safeCallback(["/laws", "/x"])).toBe("/laws");
  });
  it("refuses anything that leaves the site, however it is spelt", () => {
    for (const bad of [
      "https://evil.com",
      "//evil.com",
      "/\\evil.com",
      "/\t/evil.com",
      "/\n/evil.com",
      "/%09/evil.com/../",
      "javascript:alert(1)",
      "",
      undefined,
    ])
      expect(new URL(safeCallback(bad), "https://app.example").origin, String(bad)).toBe(
        "https://app.example",
      );
  });
});
