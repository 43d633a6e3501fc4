/**
 * The consent signals other systems send in place of a purpose and an action (docs/imports.md):
 * IAB TCF v2.2 purposes (1–11) and Google Consent Mode v2's four signals. Each catalog purpose
 * lists which of them it stands for.
 */
import { consentModeSignalValues } from "@/db/consent-mode";

export const consentModeSignals = consentModeSignalValues;
export type ConsentModeSignal = (typeof consentModeSignals)[number];

/**
 * Consent Mode's other consent types, which consent platforms send beside the four: accepted and
 * left aside (no purpose stands on them), so a platform's whole state is not refused for them.
 */
export const consentModeOtherSignals = [
  "functionality_storage",
  "personalization_storage",
  "security_storage",
] as const;

/** Every signal an event may carry: the four a purpose may stand on, and the others. */
export const acceptedConsentModeSignals = [...consentModeSignals, ...consentModeOtherSignals];

/** The same, as a refusal of an unknown one lists them. */
export const knownConsentModeSignals = acceptedConsentModeSignals.join(", ");

/** TCF v2.2 defines purposes 1 to 11. */
export const TCF_PURPOSE_COUNT = 11;
