/**
 * What the imports say about a file, a mapping or a row, as a message key of the
 * `importMessages` catalog with its values: the import page says it in the reader's language;
 * the API, the stored job and the rejected rows' download say it in English.
 */
import { createTranslator } from "use-intl/core";
import type { z } from "zod";
import en from "@/messages/en.json";
import { englishMessage, isMessageKey } from "@/lib/validation-messages";
import { saidOf, type CatalogSaid } from "@/lib/catalog-said";
import { sayArgs } from "./say";

export type ImportMessageKey = keyof typeof en.importMessages;

const english = createTranslator({ locale: "en", messages: en, namespace: "importMessages" });

/** Each message's values, as its placeholders type them. */
type Values = { [K in ImportMessageKey]: Parameters<typeof english<K>>[1] };

export type Said = CatalogSaid<Values>;

/** A message with its values, checked against its placeholders. */
export const said = saidOf<Values>();

/** The sentence in English. */
export function inEnglish(s: Said): string {
  return english(...sayArgs(s));
}

/** An issue's message with the catalog key it says: `{ path, ...saying(said(…)) }`. */
export const saying = (s: Said) => ({ message: inEnglish(s), said: s });

/**
 * Why a row would be refused, about one of its fields or the whole row: a validation message (a
 * `validation.*` key, or a text the schema gives in English) or one of this catalog's sentences.
 */
export type RowReason = { field?: string } & ({ message: string } | { said: Said });

/** A reason about `field` (none: the whole row): a catalog sentence, or a schema's message. */
export function rowReason(field: string, reason: Said | string): RowReason {
  const said = typeof reason === "string" ? { message: reason } : { said: reason };
  return field ? { field, ...said } : said;
}

/** A reason in English, as the download gives it: "field: message". */
export function reasonInEnglish(reason: RowReason): string {
  const text = "said" in reason ? inEnglish(reason.said) : englishMessage(reason.message);
  return reason.field ? `${reason.field}: ${text}` : text;
}

/**
 * What a schema says of a field: its own message (a `validation.*` key), or a catalog sentence
 * where zod's own English would otherwise reach the page — fields the record does not have, and a
 * value of the wrong type where the schema gives no message of its own.
 */
export function schemaReason(issue: z.core.$ZodIssue): Said | string {
  if (issue.code === "unrecognized_keys")
    return said("unknownFields", {
      fields: issue.keys.map((k) => `"${k.slice(0, 64)}"`).join(", "),
      count: issue.keys.length,
    });
  if (issue.code === "invalid_type" && !isMessageKey(issue.message))
    return said("wrongType", { expected: issue.expected });
  return issue.message;
}

/** A schema's issue at `path` (the issue's own path appended), as ingestion reports it. */
export function schemaIssue(path: (string | number)[], issue: z.core.$ZodIssue) {
  const reason = schemaReason(issue);
  const at = [...path, ...issue.path.map(String)].join(".");
  return typeof reason === "string"
    ? { path: at, message: reason }
    : { path: at, ...saying(reason) };
}
