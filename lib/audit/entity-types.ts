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
