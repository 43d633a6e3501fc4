import { describe, expect, it } from "vitest";
import { safeCallback, signInPath } from "./callback";

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
      // Dot segments resolve to "//evil.example", which a browser reads as another host.
      "/.//evil.example",
      "/..//evil.example",
      "/%2e//evil.example",
      "/%2E%2E//evil.example",
      "/./\\evil.example",
      "/a/..//evil.example",
      "",
      undefined,
    ])
      expect(new URL(safeCallback(bad), "https://app.example").origin, String(bad)).toBe(
        "https://app.example",
      );
  });
  it("never hands back a protocol-relative path", () => {
    for (const bad of ["/.//evil.example", "/..//x", "/%2e//x", "/./\\x"]) {
      expect(safeCallback(bad).startsWith("//"), bad).toBe(false);
      expect(safeCallback(bad)).toBe("/");
    }
  });
  it("collapses repeated slashes, so an audited look-up is seen as one", () => {
    expect(safeCallback("/consent//subjects/c-1?x=1")).toBe("/consent/subjects/c-1?x=1");
    expect(safeCallback("/consent///subjects//c-1")).toBe("/consent/subjects/c-1");
  });
  it("lands nobody on the API", () => {
    for (const api of [
      "/api/v1/subjects/c-1/consents?format=receipt",
      "/api//v1/subjects/c-1/consents",
      "/x/../api/v1/me",
      "/api",
    ])
      expect(safeCallback(api), api).toBe("/");
  });
});

describe("signInPath", () => {
  it("returns to the page asked for, checked as any callbackUrl", () => {
    expect(signInPath("/consent?region=DE")).toBe("/login?callbackUrl=%2Fconsent%3Fregion%3DDE");
    expect(signInPath("/")).toBe("/login");
    expect(signInPath(null)).toBe("/login");
    expect(signInPath("//evil.example/x")).toBe("/login");
    expect(signInPath("/api/v1/metrics/consent")).toBe("/login");
  });
});
