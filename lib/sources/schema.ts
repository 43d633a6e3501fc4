/**
 * The data-source inventory's one schema (admin form, server action, API). Keys are immutable
 * slugs; a source is retired (retiredAt), never deleted, so the mix over time stays explainable.
 */
import { z } from "zod";
import { storedText } from "@/lib/stored-text";
import { storedDay } from "@/lib/stored-day";
import { partyEnum, sourceChannelEnum } from "@/db/schema";
import { sourceCategoryValues } from "@/lib/enums";
import { dataCategoryListSchema } from "@/lib/purposes/schema";

export const parties = partyEnum.enumValues;
export type Party = (typeof parties)[number];
export const sourceChannels = sourceChannelEnum.enumValues;
export const sourceCategories = sourceCategoryValues;

const day = storedDay;

export const sourceKeySchema = z
  .string("validation.textRequired")
  .trim()
  .min(2, "validation.purposeKeyLength")
  .max(64, "validation.purposeKeyLength")
  .regex(/^[a-z0-9]+(?:[-_][a-z0-9]+)*$/, "validation.sourceKeyFormat");

const core = z.object({
  name: storedText(120).min(1, "validation.sourceNameRequired"),
  party: z.enum(parties, "validation.partyRequired"),
  category: z.enum(sourceCategories, "validation.categoryRequired"),
  channel: z.enum(sourceChannels, "validation.channelRequired"),
  dataCategories: dataCategoryListSchema,
  monthlyVolume: z
    .number("validation.volumeRequired")
    .int("validation.volumeWhole")
    .min(0, "validation.volumeWhole")
    .max(1e12, "validation.volumeTooLarge"),
  cookieBased: z.boolean("validation.booleanRequired"),
  linkedPurposes: z.array(storedText(64)).max(100, "validation.tooMany"),
  activeFrom: day,
  retiredAt: day.nullable(),
  ownerTeam: storedText(120),
  notes: storedText(2000),
});

function checkDates(s: { activeFrom?: string; retiredAt?: string | null }, ctx: z.RefinementCtx) {
  if (s.activeFrom && s.retiredAt && s.retiredAt < s.activeFrom) {
    ctx.addIssue({
      code: "custom",
      path: ["retiredAt"],
      message: "validation.retiredBeforeActive",
    });
  }
}

export const createSourceSchema = core
  .extend({
    key: sourceKeySchema,
    dataCategories: core.shape.dataCategories.default([]),
    cookieBased: core.shape.cookieBased.default(false),
    linkedPurposes: core.shape.linkedPurposes.default([]),
    retiredAt: core.shape.retiredAt.default(null),
    ownerTeam: core.shape.ownerTeam.default(""),
    notes: core.shape.notes.default(""),
  })
  .strict()
  .superRefine(checkDates);
export type CreateSourceInput = z.input<typeof createSourceSchema>;

export const updateSourceSchema = core.partial().extend({ key: z.string().optional() }).strict();

export const sourceStateSchema = core.superRefine(checkDates);

export type { SourceFilter } from "@/lib/filters/sources";

export const phaseOutTargetSchema = z.object({
  targetDate: day,
  /** The third-party share of volume to reach by targetDate, 0..1. */
  targetThirdPartyShare: z
    .number("validation.shareRange")
    .min(0, "validation.shareRange")
    .max(1, "validation.shareRange"),
});
/**
 * Where the phase-out path starts: the first month with volume in the 24 months shown when the
 * target was saved, and its third-party share then. Kept with the target, so that the path and
 * the verdict do not move as months pass or the inventory is edited (lib/sources/mix).
 */
export const phaseOutBaselineSchema = z.object({
  month: z.string().regex(/^\d{4}-(?:0[1-9]|1[0-2])$/),
  thirdPartyShare: z.number().min(0).max(1),
});
export type PhaseOutBaseline = z.output<typeof phaseOutBaselineSchema>;

/** The target as stored: what the admin set, and the path's start fixed when they set it. */
export const storedPhaseOutTargetSchema = phaseOutTargetSchema.extend({
  baseline: phaseOutBaselineSchema.optional(),
});
export type PhaseOutTarget = z.output<typeof storedPhaseOutTargetSchema>;
