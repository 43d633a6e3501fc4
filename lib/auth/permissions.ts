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
  | "apiReference";

export const navigation: readonly NavItem[] = [
  { href: "/", label: "overview", minimum: "marketing", section: "dashboards" },
  { href: "/sources", label: "sources", minimum: "marketing", section: "dashboards" },
  { href: "/consent", label: "consent", minimum: "marketing", section: "dashboards" },
  { href: "/laws", label: "laws", minimum: "marketing", section: "dashboards" },
  { href: "/profiles", label: "profiles", minimum: "marketing", section: "dashboards" },
  { href: "/api-reference", label: "apiReference", minimum: "marketing", section: "dashboards" },
  { href: "/audit", label: "audit", minimum: "privacy", section: "privacy" },
  { href: "/admin/purposes", label: "purposes", minimum: "admin", section: "admin" },
  { href: "/admin/sources", label: "dataSources", minimum: "admin", section: "admin" },
  { href: "/admin/profiles", label: "profileModel", minimum: "admin", section: "admin" },
  { href: "/admin/users", label: "users", minimum: "admin", section: "admin" },
  { href: "/admin/api-keys", label: "apiKeys", minimum: "admin", section: "admin" },
];

export function navigationFor(role: Role): NavItem[] {
  return navigation.filter((item) => hasRole(role, item.minimum));
}
