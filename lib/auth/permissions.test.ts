import { describe, expect, it } from "vitest";
import { hasRole, navigationFor, scopeAllows } from "./permissions";

describe("hasRole", () => {
  it.each([
    ["marketing", "marketing", true],
    ["marketing", "privacy", false],
    ["marketing", "admin", false],
    ["privacy", "marketing", true],
    ["privacy", "privacy", true],
    ["privacy", "admin", false],
    ["admin", "marketing", true],
    ["admin", "privacy", true],
    ["admin", "admin", true],
  ] as const)("%s meets %s: %s", (role, minimum, expected) => {
    expect(hasRole(role, minimum)).toBe(expected);
  });
});

describe("scopeAllows", () => {
  it("lets admin keys read but keeps ingest keys write-only", () => {
    expect(scopeAllows(["admin"], "read")).toBe(true);
    expect(scopeAllows(["ingest"], "read")).toBe(false);
    expect(scopeAllows(["read"], "admin")).toBe(false);
    expect(scopeAllows(["read"], "ingest")).toBe(false);
    expect(scopeAllows(["ingest", "read"], "ingest")).toBe(true);
  });
});

describe("navigationFor", () => {
  const hrefs = (role: Parameters<typeof navigationFor>[0]) =>
    navigationFor(role).map((i) => i.href);
  it("shows marketing the dashboards and the API reference only", () => {
    expect(hrefs("marketing")).toEqual([
      "/",
      "/sources",
      "/consent",
      "/laws",
      "/profiles",
      "/definitions",
      "/api-reference",
    ]);
  });
  it("adds the audit log for privacy officers", () => {
    expect(hrefs("privacy")).toContain("/audit");
    expect(hrefs("privacy").some((h) => h.startsWith("/admin"))).toBe(false);
  });
  it("shows admins everything", () => {
    expect(hrefs("admin")).toEqual(
      expect.arrayContaining([
        "/admin/purposes",
        "/admin/sources",
        "/admin/users",
        "/admin/api-keys",
        "/audit",
      ]),
    );
  });
});
