/**
 * What an audit event can be about. recordAudit takes only these, so the audit log's filter
 * offers every kind of entry the app writes, and each has a name in both languages
 * (`audit.entityTypes` in the message catalogs).
 */
export const auditEntityTypes = [
  "user",
  "api_key",
  "route",
  "purpose",
  "data_source",
  "consent_events",
  "profiles",
  "subject",
  "preference_link",
  "import",
  "setting",
  "law",
  "law_catalog",
  "control",
  "internal_deadline",
] as const;

export type AuditEntityType = (typeof auditEntityTypes)[number];

export const isAuditEntityType = (value: string): value is AuditEntityType =>
  (auditEntityTypes as readonly string[]).includes(value);

/**
 * The settings an admin edits, each with its name in the catalogs (`audit.settings`) and where
 * it is edited: the log names a setting as its page does, not by its stored key.
 */
export const auditedSettings: Record<string, { name: string; href: string }> = {
  phase_out_target: { name: "phaseOutTarget", href: "/admin/sources#target-title" },
  "identity.matching": { name: "identityMatching", href: "/admin/profiles#matching-title" },
  completeness_model: { name: "completenessModel", href: "/admin/profiles#model-title" },
  preference_center: { name: "preferenceCenter", href: "/admin/preference-center" },
  "segment.mapping": { name: "segmentMapping", href: "/admin/imports#segment-title" },
};
