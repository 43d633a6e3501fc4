/**
 * The purpose catalog's one schema: it validates the admin form, the server action and the HTTP
 * API alike. Rules that span fields (an active consent purpose must tell customers what it does
 * and name its data; sensitive data needs consent) report the field they belong under.
 */
import { z } from "zod";
import { functionalAreaEnum, legalBasisEnum, purposeStatusEnum } from "@/db/schema";

export const functionalAreas = functionalAreaEnum.enumValues;
export const legalBases = legalBasisEnum.enumValues;
export const purposeStatuses = purposeStatusEnum.enumValues;
export const dataCategories = [
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
export type DataCategory = (typeof dataCategories)[number];

export const MIN_RETENTION_DAYS = 1;
export const MAX_RETENTION_DAYS = 3650;

export const purposeKeySchema = z
  .string()
  .trim()
  .min(2, "The key needs at least 2 characters")
  .max(64, "The key has at most 64 characters")
  .regex(
    /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/,
    "Use lowercase letters, digits and single hyphens or underscores, such as newsletter or product-analytics",
  );

const text = (max: number) => z.string().trim().max(max, `At most ${max} characters`);

/** The editable fields of a purpose (everything but key, version and timestamps). */
const fields = z.object({
  name: text(120).min(1, "Give the purpose a name"),
  description: text(2000).default(""),
  functionalArea: z.enum(functionalAreas, "Choose a functional area"),
  legalBasis: z.enum(legalBases, "Choose a legal basis"),
  customerTitle: text(120).default(""),
  customerDescription: text(2000).default(""),
  customerValue: text(1000).default(""),
  dataCategories: z
    .array(z.enum(dataCategories, "Unknown data category"))
    .max(dataCategories.length)
    .default([])
    .transform((list) => dataCategories.filter((c) => list.includes(c))),
  retentionDays: z
    .number("Enter the retention in days")
    .int("Retention is a whole number of days")
    .min(MIN_RETENTION_DAYS, `Retention is at least ${MIN_RETENTION_DAYS} day`)
    .max(MAX_RETENTION_DAYS, `Retention is at most ${MAX_RETENTION_DAYS} days (10 years)`),
  involvesSale: z.boolean().default(false),
  involvesSensitiveData: z.boolean().default(false),
  status: z.enum(purposeStatuses, "Choose a status").default("draft"),
});

export type PurposeFields = z.output<typeof fields>;

type RuleContext = { addIssue: (issue: { code: "custom"; path: string[]; message: string }) => void };

/** The catalog's business rules, on a purpose's final state (after a patch is applied). */
export function checkPurposeRules(p: PurposeFields, ctx: RuleContext): void {
  if (p.status === "active" && p.legalBasis === "consent") {
    if (!p.customerDescription) {
      ctx.addIssue({
        code: "custom",
        path: ["customerDescription"],
        message: "An active consent purpose tells customers what it does: add a customer-facing description",
      });
    }
    if (p.dataCategories.length === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["dataCategories"],
        message: "An active consent purpose names the data it needs: choose at least one data category",
      });
    }
  }
  if (p.involvesSensitiveData && p.legalBasis !== "consent") {
    ctx.addIssue({
      code: "custom",
      path: ["legalBasis"],
      message: "A purpose using sensitive data needs consent as its legal basis",
    });
  }
}

export const createPurposeSchema = fields
  .extend({ key: purposeKeySchema })
  .strict()
  .superRefine((p, ctx) => checkPurposeRules(p, ctx));
export type CreatePurposeInput = z.input<typeof createPurposeSchema>;

/** A PATCH: any editable fields, plus the version the editor started from. */
export const updatePurposeSchema = fields
  .partial()
  .extend({
    version: z.number("Send the version you edited").int().min(1),
    key: z.string().optional(),
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
