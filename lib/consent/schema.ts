/** Validation of consent events as other systems send them (docs/api.md). */
import { z } from "zod";
import { fromEarliest, whenWellFormed } from "@/lib/stored-day";
import { isStorableText } from "@/lib/db-errors";
import { batchSchema } from "@/lib/http/batch";
import { consentActionEnum, consentChannelEnum } from "@/db/schema";
import {
  acceptedConsentModeSignals,
  knownConsentModeSignals,
  type ConsentModeSignal,
} from "./signals";
import { inUseRegion } from "@/lib/regions";

export const MAX_BATCH = 5_000;
/**
 * Rows an import of consent stores in one transaction on PostgreSQL (the embedded database takes
 * MAX_BATCH): stored as one statement, unless its rows carry signals and become more events.
 */
export const IMPORT_BATCH = 10_000;
export const MAX_BODY_BYTES = 5 * 1024 * 1024;
/** Clock skew allowed for occurredAt in the future. */
export const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

export const consentActions = consentActionEnum.enumValues;
export const consentChannels = consentChannelEnum.enumValues;

/**
 * ISO 3166-1 alpha-2, or alpha-2 plus an ISO 3166-2 subdivision: DE, US-CA, GB-SCT; stored as
 * the code in use (UK as GB), a code no country has refused.
 */
export const regionSchema = inUseRegion(
  z
    .string("validation.regionCode")
    .trim()
    .regex(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/, "validation.regionCode"),
).meta({ description: "ISO 3166 code: a country (DE) or a subdivision (US-CA)" });

const id = (what: "subjectId" | "eventId") =>
  z
    .string(`validation.${what}Required`)
    .trim()
    .min(1, `validation.${what}Required`)
    .max(200, `validation.${what}Long`)
    .regex(/^[\x21-\x7e]+$/, `validation.${what}Ascii`);

/** A customer's pseudonymous id, as events and profiles carry it. */
export const subjectIdSchema = id("subjectId").meta({
  description: "The pseudonymous customer id, the same one profiles carry",
});

export const consentEventSchema = z
  .object({
    eventId: id("eventId").meta({
      description: "Your idempotency key: an event sent again is counted once",
    }),
    subjectId: subjectIdSchema,
    purpose: z
      .string("validation.consentPurposeRequired")
      .trim()
      .min(1, "validation.consentPurposeRequired")
      .max(64, "validation.tooLong")
      .refine(isStorableText, "validation.unstorableText")
      .meta({ description: "A purpose key from the catalog; not a retired one" }),
    action: z.enum(consentActions, "validation.consentAction"),
    occurredAt: z.iso
      .datetime({
        offset: true,
        message: "validation.consentOccurredAt",
      })
      .refine(fromEarliest, { message: "validation.consentOccurredAtEarly", ...whenWellFormed })
      .meta({
        description: "When the customer decided; from 1900 on, at most 5 minutes in the future",
      }),
    channel: z.enum(consentChannels, "validation.consentChannel"),
    region: regionSchema,
    gpc: z
      .boolean()
      .optional()
      .meta({ description: "The customer's browser sent Global Privacy Control" }),
    noticeVersion: z
      .string()
      .trim()
      .max(100, "validation.tooLong")
      .refine(isStorableText, "validation.unstorableText")
      .optional()
      .meta({ description: "The version of the notice the customer saw" }),
    source: z
      .string()
      .trim()
      .max(64, "validation.tooLong")
      .refine(isStorableText, "validation.unstorableText")
      .optional()
      .meta({ description: "The key of the data source it came through" }),
  })
  .strict();
export type ConsentEventInput = z.output<typeof consentEventSchema>;

export const consentBatchSchema = batchSchema("events", "event", MAX_BATCH);

const signalValue = z.enum(["granted", "denied"], "validation.consentModeSignal");

/**
 * The `consentMode` object: some of the four signals, each granted or denied, and any of Consent
 * Mode's other consent types, accepted and left aside.
 */
export const consentModeSchema = z.strictObject(
  Object.fromEntries(acceptedConsentModeSignals.map((s) => [s, signalValue.optional()])) as Record<
    ConsentModeSignal,
    z.ZodOptional<typeof signalValue>
  >,
  {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `Unknown Consent Mode signal ${issue.keys.map((k) => `"${k}"`).join(", ")}; the signals are ${knownConsentModeSignals}`
        : "validation.consentModeObject",
  },
);

/**
 * An event as the API reference describes it: purpose and action, or in their place a consent
 * platform's signal — a TC string or Consent Mode signals (lib/consent/signal-events).
 */
export const documentedEventSchema = consentEventSchema.extend({
  purpose: consentEventSchema.shape.purpose.optional().meta({
    description:
      "A purpose key from the catalog; not a retired one. Required unless tcString or consentMode is sent",
  }),
  action: consentEventSchema.shape.action.optional().meta({
    description: "grant, deny or withdraw. Required unless tcString or consentMode is sent",
  }),
  tcString: z.string().optional().meta({
    description:
      "An IAB TCF v2.2 string in place of purpose and action: one grant or deny per purpose listing TCF purposes (granted when all of them have consent, or for a purpose not on consent legitimate interest not objected to; denied when one has neither), eventId `<eventId>:<purposeKey>`",
  }),
  consentMode: consentModeSchema.optional().meta({
    description:
      "Google Consent Mode v2 signals in place of purpose and action: one grant per purpose whose listed signals are all granted, one deny per purpose one of whose listed signals is denied (even sent alone)",
  }),
});
