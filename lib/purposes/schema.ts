/**
 * The purpose catalog's one schema: it validates the admin form, the server action and the HTTP
 * API alike. Rules that span fields (an active consent purpose must tell customers what it does
 * and name its data; sensitive data needs consent) report the field they belong under.
 */
import { z } from "zod";
import { storedText } from "@/lib/stored-text";
import { consentModeSignals, TCF_PURPOSE_COUNT } from "@/lib/consent/signals";
import {
  dataCategoryValues,
  functionalAreaEnum,
  legalBasisEnum,
  purposeStatusEnum,
  type DataCategory,
} from "@/db/schema";

export const functionalAreas = functionalAreaEnum.enumValues;
export const legalBases = legalBasisEnum.enumValues;
export const purposeStatuses = purposeStatusEnum.enumValues;
export const dataCategories = dataCategoryValues;
export type { DataCategory };

export const MIN_RETENTION_DAYS = 1;
export const MAX_RETENTION_DAYS = 3650;

export const purposeKeySchema = z
  .string()
  .trim()
  .min(2, "validation.purposeKeyLength")
  .max(64, "validation.purposeKeyLength")
  .regex(/^[a-z0-9]+(?:[-_][a-z0-9]+)*$/, "validation.purposeKeyFormat");

/** A list of data categories (a purpose's or a data source's): known ones only, kept in catalog order. */
export const dataCategoryListSchema = z
  .array(z.enum(dataCategories, "validation.dataCategoryUnknown"))
  .max(dataCategories.length)
  .transform((list) => dataCategories.filter((c) => list.includes(c)));

/** The editable fields of a purpose (everything but key, version and timestamps), no defaults. */
const core = z.object({
  name: storedText(120).min(1, "validation.nameRequired"),
  nameDe: storedText(120),
  description: storedText(2000),
  functionalArea: z.enum(functionalAreas, "validation.functionalAreaRequired"),
  legalBasis: z.enum(legalBases, "validation.legalBasisRequired"),
  customerTitle: storedText(120),
  customerDescription: storedText(2000),
  customerValue: storedText(1000),
  customerTitleDe: storedText(120),
  customerDescriptionDe: storedText(2000),
  customerValueDe: storedText(1000),
  dataCategories: dataCategoryListSchema,
  retentionDays: z
    .number("validation.retentionRequired")
    .int("validation.retentionWhole")
    .min(MIN_RETENTION_DAYS, "validation.retentionRange")
    .max(MAX_RETENTION_DAYS, "validation.retentionRange"),
  involvesSale: z.boolean("validation.booleanRequired"),
  involvesSensitiveData: z.boolean("validation.booleanRequired"),
  tcfPurposes: z
    .array(
      z
        .number("validation.tcfPurposeRange")
        .int("validation.tcfPurposeRange")
        .min(1, "validation.tcfPurposeRange")
        .max(TCF_PURPOSE_COUNT, "validation.tcfPurposeRange"),
    )
    .max(TCF_PURPOSE_COUNT)
    .transform((list) => [...new Set(list)].sort((a, b) => a - b)),
  consentModeSignals: z
    .array(z.enum(consentModeSignals, "validation.consentModeSignalUnknown"))
    .max(consentModeSignals.length)
    .transform((list) => consentModeSignals.filter((s) => list.includes(s))),
  segmentCategories: segmentCategoriesSchema(),
  status: z.enum(purposeStatuses, "validation.statusRequired"),
});

/**
 * Segment's category names. Given in a create or an edit, none may hold a comma: the form lists
 * them separated by commas, so one with a comma would come back as two. A purpose stored with
 * one before that rule stays editable in its other fields.
 */
function segmentCategoriesSchema(given = false) {
  const name = storedText(64).min(1, "validation.textRequired");
  return z
    .array(given ? name.regex(/^[^,]*$/, "validation.segmentCategoryComma") : name)
    .max(20, "validation.tooMany")
    .transform((list) => [...new Set(list)]);
}

/** A whole purpose: optional texts and flags default to empty or false, status to draft. */
const fields = core.extend({
  description: core.shape.description.default(""),
  nameDe: core.shape.nameDe.default(""),
  customerTitle: core.shape.customerTitle.default(""),
  customerDescription: core.shape.customerDescription.default(""),
  customerValue: core.shape.customerValue.default(""),
  customerTitleDe: core.shape.customerTitleDe.default(""),
  customerDescriptionDe: core.shape.customerDescriptionDe.default(""),
  customerValueDe: core.shape.customerValueDe.default(""),
  dataCategories: core.shape.dataCategories.default([]),
  involvesSale: core.shape.involvesSale.default(false),
  involvesSensitiveData: core.shape.involvesSensitiveData.default(false),
  tcfPurposes: core.shape.tcfPurposes.default([]),
  consentModeSignals: core.shape.consentModeSignals.default([]),
  segmentCategories: core.shape.segmentCategories.default([]),
  status: core.shape.status.default("draft"),
});

export type PurposeFields = z.output<typeof fields>;

type RuleContext = {
  addIssue: (issue: { code: "custom"; path: string[]; message: string }) => void;
};

/** The catalog's business rules, on a purpose's final state (after a patch is applied). */
export function checkPurposeRules(p: PurposeFields, ctx: RuleContext): void {
  if (p.status === "active" && p.legalBasis === "consent") {
    if (!p.customerDescription) {
      ctx.addIssue({
        code: "custom",
        path: ["customerDescription"],
        message: "validation.customerDescriptionRequired",
      });
    }
    if (p.dataCategories.length === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["dataCategories"],
        message: "validation.dataCategoriesRequired",
      });
    }
  }
  if (p.involvesSensitiveData && p.legalBasis !== "consent") {
    ctx.addIssue({
      code: "custom",
      path: ["legalBasis"],
      message: "validation.sensitiveNeedsConsent",
    });
  }
}

/**
 * Fields a purpose is read with that no write sets (the server keeps them): accepted, so that a
 * purpose read, edited and sent back whole is taken, and left aside.
 */
const readOnly = (what: string) =>
  z
    .unknown()
    .optional()
    .meta({ description: `${what}; read-only: accepted and left aside` });
const readOnlyFields = {
  createdAt: readOnly("When the purpose was created"),
  updatedAt: readOnly("When it last changed"),
  reconsentFromVersion: readOnly("Set by an edit with requiresReconsent"),
};

export const createPurposeSchema = fields
  .extend({
    key: purposeKeySchema,
    segmentCategories: segmentCategoriesSchema(true).default([]),
    ...readOnlyFields,
    version: readOnly("A new purpose is version 1"),
  })
  .strict()
  .superRefine((p, ctx) => checkPurposeRules(p, ctx));
export type CreatePurposeInput = z.input<typeof createPurposeSchema>;

/** A PATCH: any editable fields (absent ones stay as they are), plus the version edited. */
export const updatePurposeSchema = core
  .partial()
  .extend({
    version: z
      .number("validation.versionRequired")
      .int("validation.versionRequired")
      .min(1, "validation.versionRequired"),
    key: z.string().optional(),
    /**
     * This edit needs fresh consent: the preference page asks customers whose grant is on an
     * older version again, and the consent dashboard counts them apart (the rates still count
     * their grants: docs/metrics.md).
     */
    requiresReconsent: z.boolean("validation.booleanRequired").optional(),
    segmentCategories: segmentCategoriesSchema(true).optional(),
    ...readOnlyFields,
  })
  .strict();
export type UpdatePurposeInput = z.input<typeof updatePurposeSchema>;

/** Validates the whole purpose after a patch, so rules see the final state. */
export const purposeStateSchema = fields.superRefine((p, ctx) => checkPurposeRules(p, ctx));

export const purposeFilterSchema = z.object({
  functionalArea: z.enum(functionalAreas).optional(),
  status: z.enum(purposeStatuses).optional(),
  legalBasis: z.enum(legalBases).optional(),
  q: z.string().trim().max(100).optional(),
});
export type PurposeFilter = z.output<typeof purposeFilterSchema>;
