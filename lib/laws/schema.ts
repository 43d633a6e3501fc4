/**
 * The law catalog's schemas: the fixed list of obligations, the shipped data file
 * (data/laws.json), and the inputs privacy officers give (controls, their own laws, internal
 * deadlines). One schema per input, shared by the forms, the server actions and the tests.
 */
import { z } from "zod";
import { storedText } from "@/lib/stored-text";
import { storedDay } from "@/lib/stored-day";
import { controlStatusEnum } from "@/db/schema";
import { obligationKeyValues } from "@/lib/enums";
import { JURISDICTION } from "./model";
import { inUseRegion } from "@/lib/regions";

/** The fixed obligation catalog (docs/metrics.md), in the order the matrix shows it. */
export const obligationKeys = obligationKeyValues;
export type ObligationKey = (typeof obligationKeys)[number];

export const controlStatuses = controlStatusEnum.enumValues;
export type ControlStatus = (typeof controlStatuses)[number];

const day = storedDay;

/**
 * ISO 3166-1 alpha-2 (`DE`), ISO 3166-2 (`US-CA`, `CA-QC`), `EU` or `EEA`; stored as customers'
 * regions are (`UK` as `GB`), so a law covers the customers filed under it.
 */
export const jurisdictionSchema = inUseRegion(
  z
    .string("validation.textRequired")
    .trim()
    .toUpperCase()
    .regex(JURISDICTION, "validation.jurisdictionFormat"),
  "validation.jurisdictionUnknown",
);

const lawObligationSchema = z.object({
  key: z.enum(obligationKeys),
  appliesFrom: day.optional(),
  note: z.string().default(""),
  noteDe: z.string().default(""),
});

/**
 * What a source is: the law's own text (statute, or its publication in an official journal), a
 * page of the regulator or another government body, the legislature's page of the bill, or a
 * secondary source (law firm, news, tracker), which the UI shows as such.
 */
export const sourceKinds = [
  "statute",
  "official_journal",
  "regulator",
  "government",
  "legislature",
  "secondary",
] as const;
export type SourceKind = (typeof sourceKinds)[number];

export const lawSourceSchema = z.object({
  url: z.url({ protocol: /^https?$/ }),
  title: z.string().min(1),
  kind: z.enum(sourceKinds),
  /** The words of the source that support the entry, as read. */
  quote: z.string().min(1),
});
export type LawSource = z.infer<typeof lawSourceSchema>;

/** What kind of law an entry is; a US state has at most one comprehensive privacy law. */
export const lawCategories = [
  "privacy",
  "privacy_amendment",
  "ai",
  "data_broker",
  "data_access",
] as const;

/** One law of the shipped catalog: facts with a source that was read. */
export const catalogLawSchema = z.object({
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
  name: z.string().min(1),
  /** The official German title, where the law has one (EU and Swiss law); else empty. */
  nameDe: z.string().default(""),
  shortName: z.string().min(1),
  shortNameDe: z.string().default(""),
  category: z.enum(lawCategories),
  jurisdictions: z.array(jurisdictionSchema).min(1),
  /** When the law first applied (its date of application, not its entry into force). */
  effectiveDate: day,
  status: z.enum(["enacted", "repealed"]),
  phases: z.array(
    z.object({ date: day, label: z.string().min(1), labelDe: z.string().default("") }),
  ),
  /** The first is the main source (`sourceUrl` in the database and the API). */
  sources: z.array(lawSourceSchema).min(1),
  curePeriodDays: z.number().int().positive().nullable(),
  /** The end date its source gives for the cure period (a sunset), if it has one. */
  cureEndsOn: day.nullable().default(null),
  cureNote: z.string().default(""),
  cureNoteDe: z.string().default(""),
  obligations: z.array(lawObligationSchema).min(1),
  notes: z.string().default(""),
  notesDe: z.string().default(""),
});
export type CatalogLaw = z.infer<typeof catalogLawSchema>;

export const lawCatalogSchema = z.object({
  reviewedOn: day,
  about: z.string(),
  aboutDe: z.string().default(""),
  laws: z.array(catalogLawSchema),
  leftOut: z.array(
    z.object({ name: z.string(), reason: z.string(), reasonDe: z.string().default("") }),
  ),
});
export type LawCatalog = z.infer<typeof lawCatalogSchema>;

export const controlInputSchema = z.object({
  status: z.enum(controlStatuses, "validation.controlStatusRequired"),
  owner: storedText(120),
  evidence: storedText(4000),
  dueDate: day.nullable(),
});
export type ControlInput = z.infer<typeof controlInputSchema>;

/** A law the company tracks that is not in the shipped catalog, marked as its own. */
export const customLawSchema = z
  .object({
    name: storedText(200).min(1, "validation.lawNameRequired"),
    shortName: storedText(40).min(1, "validation.shortNameRequired"),
    jurisdictions: z
      .array(jurisdictionSchema)
      .min(1, "validation.jurisdictionRequired")
      .max(60, "validation.tooLong"),
    effectiveDate: day,
    sourceUrl: z
      .union([
        z.literal(""),
        z
          .url({ protocol: /^https?$/i, error: "validation.urlFormat" })
          .transform((u) => new URL(u).href),
      ])
      .default(""),
    obligations: z
      .array(z.enum(obligationKeys, "validation.obligationUnknown"))
      .min(1, "validation.obligationRequired"),
    notes: storedText(2000).default(""),
  })
  .transform((law) => ({
    ...law,
    jurisdictions: [...new Set(law.jurisdictions)],
    obligations: obligationKeys.filter((k) => law.obligations.includes(k)),
  }));
export type CustomLawInput = z.input<typeof customLawSchema>;

export const deadlineInputSchema = z.object({
  title: storedText(200).min(1, "validation.titleRequired"),
  date: day,
  lawId: z
    .string()
    .trim()
    .max(100)
    .transform((v) => v || null)
    .nullable()
    .default(null),
  notes: storedText(2000).default(""),
});
export type DeadlineInput = z.input<typeof deadlineInputSchema>;

export type { LawFilter } from "@/lib/filters/laws";
