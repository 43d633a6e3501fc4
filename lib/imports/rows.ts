/**
 * From CSV rows to the items the JSON API takes (docs/imports.md). A header names the
 * JSON fields: `eventId,subjectId,purpose,…` for consent events; `subjectId,region`,
 * `identifier.<type>` and `<group>.<name>` plus `source` for profiles; the source inventory's
 * fields for sources. An upload may instead map its own column names to those fields. Empty
 * cells are left out, so a row never removes what is stored. The items are then validated by
 * the same code as JSON, so a CSV row and a JSON item are refused for the same reasons.
 */
import { wholeNumberText } from "@/lib/decimal";
import { said, type Said } from "./said";
import { hash } from "node:crypto";
import { profileGroupValues } from "@/lib/enums";
import { acceptedConsentModeSignals, consentModeSignals } from "@/lib/consent/signals";
import { createSourceSchema } from "@/lib/sources/schema";

export const importKinds = ["consent", "profiles", "sources"] as const;
export type ImportKind = (typeof importKinds)[number];

const consentFields = [
  "eventId",
  "subjectId",
  "purpose",
  "action",
  "occurredAt",
  "channel",
  "region",
  "gpc",
  "noticeVersion",
  "source",
  "tcString",
  // Every consent type JSON takes: a platform's export holds them all.
  ...acceptedConsentModeSignals.map((s) => `consentMode.${s}`),
] as const;

/** The inventory's fields, as the API's JSON names them. */
const sourceFields = Object.keys(createSourceSchema.shape);

/** The fields every row of a kind needs a column for. */
export const requiredFields: Record<ImportKind, readonly string[]> = {
  consent: ["subjectId", "occurredAt", "channel", "region"],
  profiles: ["subjectId", "region"],
  sources: ["key", "name", "party", "category", "channel", "monthlyVolume", "activeFrom"],
};

/** The fixed fields of a kind, for the mapping form (profiles also take open patterns). */
export const knownFields: Record<ImportKind, readonly string[]> = {
  consent: consentFields,
  profiles: ["subjectId", "region", "source"],
  sources: sourceFields,
};

const slug = /^[a-z0-9]+(?:[_-][a-z0-9]+)*$/;

/** Whether `field` is one a row of `kind` can fill. */
export function isField(kind: ImportKind, field: string): boolean {
  if (knownFields[kind].includes(field)) return true;
  if (kind !== "profiles") return false;
  const [prefix, name, ...rest] = field.split(".");
  if (rest.length || !name || !slug.test(name)) return false;
  return prefix === "identifier" || (profileGroupValues as readonly string[]).includes(prefix!);
}

export type Columns = { field: string; index: number }[];

/**
 * Which column fills which field. Without a mapping every header cell is its field's name (the
 * API's CSV); with one, `mapping[field]` names the column (an upload). Returns the problems
 * (inEnglish for the API): unknown columns, a field mapped to a column the file lacks, required fields missing.
 */
export function resolveColumns(
  kind: ImportKind,
  header: string[],
  mapping?: Record<string, string>,
): { columns: Columns; problems: Said[] } {
  const problems: Said[] = [];
  const columns: Columns = [];
  /** Fields mapped to a column named twice (said once, not again as missing). */
  const ambiguous = new Set<string>();
  const names = header.map((h) => h.trim());
  if (mapping) {
    for (const [field, column] of Object.entries(mapping)) {
      if (!column) continue;
      if (!isField(kind, field)) problems.push(said("notAField", { field, kind }));
      const index = names.indexOf(column);
      if (index === -1) problems.push(said("noSuchColumn", { column, field }));
      else if (names.lastIndexOf(column) !== index) {
        problems.push(said("twoColumnsNamed", { column, field }));
        ambiguous.add(field);
      } else columns.push({ field, index });
    }
  } else {
    const seen = new Set<string>();
    names.forEach((name, index) => {
      // An empty name (often a comma at the end of the header): which column, not `""`.
      if (name === "") {
        problems.push(said("unnamedColumn", { column: index + 1 }));
        return;
      }
      if (seen.has(name)) problems.push(said("columnTwice", { name }));
      seen.add(name);
      if (isField(kind, name)) columns.push({ field: name, index });
      else problems.push(said("unknownColumn", { name }));
    });
    if (names.length === 1 && /[,;\t|]/.test(names[0]!)) {
      problems.push(said("oneColumnHeader"));
    }
  }
  const filled = new Set(columns.map((c) => c.field));
  for (const field of requiredFields[kind])
    if (!filled.has(field) && !ambiguous.has(field))
      problems.push(said("columnRequired", { field }));
  if (
    kind === "consent" &&
    !(filled.has("purpose") && filled.has("action")) &&
    !filled.has("tcString") &&
    !consentModeSignals.some((s) => filled.has(`consentMode.${s}`))
  ) {
    problems.push(said("consentColumns"));
  }
  return { columns, problems };
}

const truthy = new Set(["true", "1", "yes", "y", "ja", "wahr"]);
const falsy = new Set(["false", "0", "no", "n", "nein", "falsch"]);

/** A boolean cell as a boolean; anything else stays text, for validation to refuse by name. */
function booleanCell(value: string): boolean | string {
  const lower = value.toLowerCase();
  return truthy.has(lower) ? true : falsy.has(lower) ? false : value;
}

const listCell = (value: string) => value.split(/\s*[,;|]\s*/).filter(Boolean);

/**
 * A content-derived eventId for a row without one: the same decision uploaded twice is one
 * event. It covers what makes the decision this one — who, which purpose (or signal), which
 * action, when (as an instant, so 10:00:00Z and 10:00:00.000+00:00 agree) — and nothing else,
 * so mapping one more column the second time does not make the same decisions new.
 */
export function derivedEventId(item: Record<string, unknown>): string {
  const when = typeof item.occurredAt === "string" ? Date.parse(item.occurredAt) : Number.NaN;
  const identity = [
    item.subjectId,
    item.purpose,
    item.action,
    Number.isNaN(when) ? item.occurredAt : when,
    item.tcString,
    inSignalOrder(item.consentMode),
  ];
  // crypto's one-shot hash: a third of createHash's time, for every row of a file.
  return `row:${hash("sha256", JSON.stringify(identity), "base64url").slice(0, 32)}`;
}

/**
 * Consent Mode signals in the order Google lists them, whatever order the file's columns (or an
 * NDJSON object's keys) had: the same decisions derive the same eventId.
 */
function inSignalOrder(signals: unknown): unknown {
  if (typeof signals !== "object" || signals === null || Array.isArray(signals)) return signals;
  const given = signals as Record<string, unknown>;
  const rank = (key: string) => {
    const at = (consentModeSignals as readonly string[]).indexOf(key);
    return at === -1 ? consentModeSignals.length : at;
  };
  const keys = Object.keys(given).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return Object.fromEntries(keys.map((k) => [k, given[k]]));
}

/**
 * Files `item` (a consent event or a profile) under the source an upload was said to come from,
 * where the row names none of its own. After a consent row's eventId is derived: the same row
 * is the same event whichever source the upload chose.
 */
export function withDefaultSource(
  kind: ImportKind,
  item: Record<string, unknown>,
  source: string | undefined,
): Record<string, unknown> {
  if (!source) return item;
  const none = (value: unknown) => value === undefined || value === null || value === "";
  if (kind === "consent" && none(item.source)) item.source = source;
  if (kind === "profiles" && Array.isArray(item.attributes))
    item.attributes = item.attributes.map((a: unknown) =>
      typeof a === "object" && a !== null && none((a as { source?: unknown }).source)
        ? { ...a, source }
        : a,
    );
  return item;
}

/** One CSV row as the JSON item of its kind. */
export function rowItem(
  kind: ImportKind,
  columns: Columns,
  values: string[],
): Record<string, unknown> {
  const item: Record<string, unknown> = {};
  const cell = (index: number) => (values[index] ?? "").trim();
  if (kind === "profiles") {
    const identifiers: Record<string, string> = {};
    const attributes: { group: string; name: string; value: string; source?: string }[] = [];
    let source: string | undefined;
    for (const { field, index } of columns) {
      const value = cell(index);
      if (!value) continue;
      const dot = field.indexOf(".");
      if (dot === -1) {
        if (field === "source") source = value;
        else item[field] = value;
      } else if (field.startsWith("identifier.")) identifiers[field.slice(dot + 1)] = value;
      else attributes.push({ group: field.slice(0, dot), name: field.slice(dot + 1), value });
    }
    item.identifiers = identifiers;
    item.attributes = source ? attributes.map((a) => ({ ...a, source })) : attributes;
    return item;
  }
  for (const { field, index } of columns) {
    const value = cell(index);
    if (!value) continue;
    if (field.startsWith("consentMode.")) {
      const signals = (item.consentMode ?? {}) as Record<string, string>;
      signals[field.slice("consentMode.".length)] = value.toLowerCase();
      item.consentMode = signals;
    } else if (field === "gpc" || field === "cookieBased") item[field] = booleanCell(value);
    else if (field === "monthlyVolume") item[field] = wholeNumberText(value);
    else if (field === "dataCategories" || field === "linkedPurposes")
      item[field] = listCell(value);
    else item[field] = value;
  }
  if (kind === "consent" && item.eventId === undefined) item.eventId = derivedEventId(item);
  return item;
}
