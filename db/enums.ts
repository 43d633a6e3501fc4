/**
 * The fixed value lists of the domain, free of any dependency: db/schema builds its enums from
 * them, and code outside db/ (client components too) reads them through lib/enums.
 */
export const consentChannelValues = [
  "web",
  "app",
  "email",
  "store",
  "call_center",
  "other",
] as const;
export const roleValues = ["marketing", "privacy", "admin"] as const;
export const apiKeyScopeValues = ["ingest", "read", "admin"] as const;
export const functionalAreaValues = [
  "marketing",
  "sales",
  "service",
  "analytics",
  "personalization",
] as const;
export const legalBasisValues = [
  "consent",
  "legitimate_interest",
  "contract",
  "legal_obligation",
] as const;
export const purposeStatusValues = ["draft", "active", "retired"] as const;
export const partyValues = ["zero", "first", "second", "third"] as const;
export const sourceChannelValues = ["online", "offline"] as const;
export const controlStatusValues = [
  "not_started",
  "in_progress",
  "implemented",
  "not_applicable",
] as const;
export const profileGroupValues = [
  "identity",
  "contact",
  "demographics",
  "preferences",
  "transactions",
] as const;
export const sourceCategoryValues = [
  "preference_center",
  "survey",
  "website",
  "mobile_app",
  "point_of_sale",
  "crm",
  "email",
  "loyalty",
  "call_center",
  "partner",
  "data_broker",
  "ad_network",
  "third_party_cookies",
  "other",
] as const;
export const obligationKeyValues = [
  "privacy_notice",
  "access",
  "deletion",
  "correction",
  "portability",
  "opt_out_sale",
  "opt_out_targeted_ads",
  "opt_out_profiling",
  "sensitive_opt_in",
  "universal_opt_out",
  "risk_assessment",
  "data_minimization",
  "processor_contracts",
  "children_data",
  "breach_notification",
  "dpo",
  "cross_border_transfers",
  "ai_transparency",
  "connected_product_data",
] as const;
/** The data categories a purpose may need or a source may collect. */
export const dataCategoryValues = [
  "contact",
  "identity",
  "demographics",
  "location",
  "device",
  "browsing",
  "purchase_history",
  "preferences",
  "sensitive",
] as const;

export type Role = (typeof roleValues)[number];
export type ApiKeyScope = (typeof apiKeyScopeValues)[number];
export type DataCategory = (typeof dataCategoryValues)[number];
export type LegalBasis = (typeof legalBasisValues)[number];

/** What a consent figure divides (docs/metrics.md, /definitions); consent-rate unless chosen. */
export const consentDefinitionValues = ["consent-rate", "opt-in-rate", "acceptance-rate"] as const;
