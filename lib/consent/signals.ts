/**
 * The consent signals other systems send in place of a purpose and an action (docs/imports.md):
 * IAB TCF v2.2 purposes (1–11) and Google Consent Mode v2's four signals. Each catalog purpose
 * lists which of them it stands for.
 */
import { consentModeSignalValues } from "@/db/consent-mode";

export const consentModeSignals = consentModeSignalValues;
export type ConsentModeSignal = (typeof consentModeSignals)[number];

/** TCF v2.2 defines purposes 1 to 11. */
export const TCF_PURPOSE_COUNT = 11;
