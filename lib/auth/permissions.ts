/**
 * Who may do what. Roles are ordered: marketing < privacy < admin, and each role may do all
 * that the ones before it may. Used by the server guards and by the navigation alike, so the
 * menu never offers what the server would refuse.
 */
import type { ApiKeyScope, Role } from "@/db/schema";

export const roles = ["marketing", "privacy", "admin"] as const satisfies readonly Role[];

const rank: Record<Role, number> = { marketing: 0, privacy: 1, admin: 2 };

/** True when `role` is `minimum` or above it. */
export function hasRole(role: Role, minimum: Role): boolean {
  return rank[role] >= rank[minimum];
}

/** The role a key's owner must hold for each scope: reading dashboards, or administering. */
export const scopeOwnerRole: Record<ApiKeyScope, Role> = {
  read: "marketing",
  ingest: "admin",
  admin: "admin",
};

/** Whether an owner of `role` may hold a key with `scopes` (else the key stops working). */
export function ownerMayHold(role: Role, scopes: readonly ApiKeyScope[]): boolean {
  return scopes.every((scope) => hasRole(role, scopeOwnerRole[scope]));
}

/** API key scopes: `admin` includes `read`; `ingest` stands alone (write-only feeders). */
export function scopeAllows(scopes: readonly ApiKeyScope[], needed: ApiKeyScope): boolean {
  if (scopes.includes(needed)) return true;
  return needed === "read" && scopes.includes("admin");
}

export type NavItem = {
  href: string;
  label: NavLabel;
  minimum: Role;
  section: "dashboards" | "privacy" | "admin";
};
export type NavLabel =
  | "overview"
  | "sources"
  | "consent"
  | "laws"
  | "profiles"
  | "audit"
  | "purposes"
  | "dataSources"
  | "profileModel"
  | "users"
  | "apiKeys"
  | "preferenceCenter"
  | "apiReference"
  | "definitions"
  | "imports";

/** One section of the menu: its links, each shown from the section's minimum role up. */
function navSection(
  section: NavItem["section"],
  minimum: Role,
  links: readonly (readonly [href: string, label: NavLabel])[],
): NavItem[] {
  return links.map(([href, label]) => ({ href, label, minimum, section }));
}

export const navigation: readonly NavItem[] = [
  ...navSection("dashboards", "marketing", [
    ["/", "overview"],
    ["/sources", "sources"],
    ["/consent", "consent"],
    ["/laws", "laws"],
    ["/profiles", "profiles"],
    ["/definitions", "definitions"],
    ["/api-reference", "apiReference"],
  ]),
  ...navSection("privacy", "privacy", [["/audit", "audit"]]),
  ...navSection("admin", "admin", [
    ["/admin/purposes", "purposes"],
    ["/admin/sources", "dataSources"],
    ["/admin/profiles", "profileModel"],
    ["/admin/imports", "imports"],
    ["/admin/preference-center", "preferenceCenter"],
    ["/admin/users", "users"],
    ["/admin/api-keys", "apiKeys"],
  ]),
];

export function navigationFor(role: Role): NavItem[] {
  return navigation.filter((item) => hasRole(role, item.minimum));
}
