/**
 * Google Consent Mode v2's signals, as a purpose lists them (lib/consent/signals). In a file of
 * their own, not db/enums.ts, so client bundles that read the other lists do not carry them.
 */
export const consentModeSignalValues = [
  "ad_storage",
  "analytics_storage",
  "ad_user_data",
  "ad_personalization",
] as const;
