/**
 * JSON Schema (as the OpenAPI document holds it) in words a person reads: each field becomes a
 * row with its dotted name, whether it is required, and phrases such as "date, YYYY-MM-DD" or
 * "whole number, 1 to 3650" instead of regexes and keywords. Phrases are message keys with
 * values, so /api-reference says them in the reader's language.
 */

export type Schema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  description?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  maxItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: Schema | boolean;
  anyOf?: Schema[];
  oneOf?: Schema[];
};

export type PhraseKey =
  | "text"
  | "length"
  | "maxLength"
  | "date"
  | "dateTime"
  | "uuid"
  | "email"
  | "url"
  | "oneOf"
  | "exactly"
  | "wholeNumber"
  | "number"
  | "range"
  | "atLeast"
  | "atMost"
  | "boolean"
  | "list"
  | "items"
  | "maxItems"
  | "object"
  | "map"
  | "orNull"
  | "default"
  | "any";

export type Phrase = { key: PhraseKey; values?: Record<string, string | number> };

/**
 * What a translator of `apiReference.phrases` is given to say a phrase. The values are made
 * beside their key below, and every phrase of the document is said in both languages by the
 * tests (describe.test.ts), so they are not checked here key by key.
 */
export const phraseArgs = (p: Phrase) => [p.key, (p.values ?? {}) as never] as const;
export type FieldRow = {
  name: string;
  required: boolean;
  phrases: Phrase[];
  description?: string;
};

const MAX_DEPTH = 4;
const list = (values: unknown[]) => values.map((v) => JSON.stringify(v)).join(", ");

/** Follows `#/components/schemas/…` references within the document. */
export type Resolve = (ref: string) => Schema | undefined;

export function resolver(components: { schemas?: Record<string, unknown> } | undefined): Resolve {
  return (ref) => {
    const name = ref.replace(/^#\/components\/schemas\//, "");
    return components?.schemas?.[name] as Schema | undefined;
  };
}

function deref(schema: Schema, resolve: Resolve): Schema {
  for (let s = schema, i = 0; i < 10; i++) {
    if (!s.$ref) return s;
    const next = resolve(s.$ref);
    if (!next) return s;
    s = { ...next, description: s.description ?? next.description };
    if (!s.$ref) return s;
  }
  return schema;
}

/** `X or null` schemas, in either form a generator writes them. */
function withoutNull(schema: Schema): { schema: Schema; nullable: boolean } {
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) {
    const rest = variants.filter((v) => v.type !== "null");
    if (rest.length === 1 && rest.length < variants.length)
      return {
        schema: {
          ...rest[0]!,
          description: schema.description ?? rest[0]!.description,
          default: "default" in schema ? schema.default : rest[0]!.default,
        },
        nullable: true,
      };
  }
  if (Array.isArray(schema.type) && schema.type.includes("null")) {
    const types = schema.type.filter((t) => t !== "null");
    return { schema: { ...schema, type: types.length === 1 ? types[0] : types }, nullable: true };
  }
  return { schema, nullable: false };
}

/** "1 to 200", "at least 1" or "at most 200", in the phrase keys of a length, a range or a list. */
function bounds(
  min: number | undefined,
  max: number | undefined,
  keys: { both: PhraseKey; min?: PhraseKey; max: PhraseKey },
): Phrase[] {
  if (min !== undefined && max !== undefined) return [{ key: keys.both, values: { min, max } }];
  if (min !== undefined && keys.min) return [{ key: keys.min, values: { min } }];
  if (max !== undefined) return [{ key: keys.max, values: { max } }];
  return [];
}

/** The phrases for one schema's own type (not its fields). */
export function phrasesOf(input: Schema, resolve: Resolve): Phrase[] {
  const { schema: raw, nullable } = withoutNull(deref(input, resolve));
  const schema = deref(raw, resolve);
  const out: Phrase[] = [];
  if (schema.const !== undefined)
    out.push({ key: "exactly", values: { value: JSON.stringify(schema.const) } });
  else if (schema.enum) out.push({ key: "oneOf", values: { values: list(schema.enum) } });
  else if (schema.anyOf || schema.oneOf) {
    // A union of shapes: name each by its own first phrase.
    const names = (schema.anyOf ?? schema.oneOf)!.map(
      (v) => phrasesOf(v, resolve)[0]?.key ?? "any",
    );
    out.push({ key: "oneOf", values: { values: [...new Set(names)].join(" | ") } });
  } else
    switch (schema.type) {
      case "string":
        if (schema.format === "date") out.push({ key: "date" });
        else if (schema.format === "date-time") out.push({ key: "dateTime" });
        else if (schema.format === "uuid") out.push({ key: "uuid" });
        else if (schema.format === "email") out.push({ key: "email" });
        else if (schema.format === "uri") out.push({ key: "url" });
        else {
          out.push({ key: "text" });
          out.push(
            ...bounds(schema.minLength, schema.maxLength, { both: "length", max: "maxLength" }),
          );
        }
        break;
      case "integer":
      case "number": {
        out.push({ key: schema.type === "integer" ? "wholeNumber" : "number" });
        const min = schema.minimum ?? schema.exclusiveMinimum;
        out.push(...bounds(min, schema.maximum, { both: "range", min: "atLeast", max: "atMost" }));
        break;
      }
      case "boolean":
        out.push({ key: "boolean" });
        break;
      case "array":
        out.push({ key: "list" });
        out.push(...bounds(schema.minItems, schema.maxItems, { both: "items", max: "maxItems" }));
        break;
      case "object":
        out.push({
          key:
            schema.properties || typeof schema.additionalProperties !== "object" ? "object" : "map",
        });
        break;
      default:
        out.push({ key: "any" });
    }
  if (nullable) out.push({ key: "orNull" });
  if (schema.default !== undefined)
    out.push({ key: "default", values: { value: JSON.stringify(schema.default) } });
  return out;
}

/**
 * The rows of a body or response: one per field, nested objects and list items flattened with
 * dotted names (`events[].eventId`). A schema that is not an object is one row named "—".
 */
export function fieldRows(input: Schema, resolve: Resolve, prefix = "", depth = 0): FieldRow[] {
  const schema = deref(withoutNull(deref(input, resolve)).schema, resolve);
  if (!schema.properties) {
    if (prefix) return [];
    return [
      {
        name: "—",
        required: true,
        phrases: phrasesOf(input, resolve),
        description: schema.description,
      },
    ];
  }
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties).flatMap(([key, child]) => {
    const name = prefix ? `${prefix}.${key}` : key;
    const own = deref(withoutNull(deref(child, resolve)).schema, resolve);
    const row: FieldRow = {
      name,
      required: required.has(key),
      phrases: phrasesOf(child, resolve),
      description: deref(child, resolve).description ?? own.description,
    };
    if (depth >= MAX_DEPTH) return [row];
    if (own.type === "array" && own.items)
      return [row, ...fieldRows(own.items, resolve, `${name}[]`, depth + 1)];
    if (own.properties) return [row, ...fieldRows(own, resolve, name, depth + 1)];
    if (typeof own.additionalProperties === "object") {
      const value = own.additionalProperties;
      const nested = fieldRows(value, resolve, `${name}.*`, depth + 1);
      const valueRow: FieldRow = {
        name: `${name}.*`,
        required: false,
        phrases: phrasesOf(value, resolve),
        description: value.description,
      };
      return [row, ...(nested.length > 0 ? nested : [valueRow])];
    }
    return [row];
  });
}
