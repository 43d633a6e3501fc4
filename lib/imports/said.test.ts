import { createTranslator } from "use-intl/core";
import { describe, expect, it } from "vitest";
import de from "@/messages/de.json";
import en from "@/messages/en.json";
import { z } from "zod";
import type { StoppedCause } from "@/lib/db-errors";
import { inEnglish, said, schemaReason, type ImportMessageKey, type Said } from "./said";
import { sayArgs } from "./say";

/** A value for each placeholder a message may name. */
const values = {
  field: "occurredAt",
  kind: "consent",
  kinds: "consent, profiles, sources",
  column: "Datum",
  name: "Datum",
  first: "Kunde",
  second: "Notiz",
  line: 25001,
  detail: "Invalid Record Length",
  max: 1_000_000,
  count: 6,
  header: 7,
  purpose: "unbekannt",
  missing: "ad_personalization",
  source: "crm",
  subjectId: "c-1",
  attribute: "contact.email",
  index: 2,
  event: "Segment Consent Preference Updated",
  categories: "marketing, ads",
  country: "Atlantis",
  reason: "the database went away",
  cause: "other",
  attempts: 5,
  version: 1,
  signals: '"adStorage"',
  known: "ad_storage, analytics_storage",
  fields: '"consent"',
  expected: "boolean",
  delimiter: "semicolon",
};

describe("the imports' messages", () => {
  it("are said in German for every English one", () => {
    expect(Object.keys(de.importMessages).sort()).toEqual(Object.keys(en.importMessages).sort());
  });

  it("each format with their values in both languages, none left as a placeholder", () => {
    const german = createTranslator({ locale: "de", messages: de, namespace: "importMessages" });
    // Where a message says the column's or the first index's number, not a name.
    const numbers: Partial<Record<ImportMessageKey, Record<string, number>>> = {
      notUtf8: { column: 3 },
      damagedUtf8: { column: 3 },
      cutInCharacter: { column: 3 },
      unnamedColumn: { column: 7 },
      unnamedColumnChosen: { column: 2 },
      subjectTwice: { first: 2 },
    };
    for (const key of Object.keys(en.importMessages) as ImportMessageKey[]) {
      const given = { ...values, ...numbers[key] } as never;
      for (const text of [inEnglish({ key, values: given } as never), german(key, given)]) {
        expect(text, key).not.toMatch(/[{}]|importMessages|NaN/);
      }
    }
  });

  it("say each kind of failure that stopped a job in the reader's language, else the database's words", () => {
    const german = createTranslator({ locale: "de", messages: de, namespace: "importMessages" });
    const causes: StoppedCause[] = [
      "diskFull",
      "resources",
      "cancelled",
      "connection",
      "readOnly",
      "permission",
    ];
    const reason = "could not extend file";
    for (const key of [
      "stoppedRetrying",
      "stoppedGaveUp",
      "rescoreStoppedRetrying",
      "rescoreStoppedGaveUp",
    ] as const) {
      const say = (cause: StoppedCause) => {
        const given = { reason, cause, attempts: 5 } as never;
        return [inEnglish({ key, values: given } as never), german(key, given)];
      };
      expect(say("other").every((text) => text.includes(reason))).toBe(true);
      const known = causes.map(say);
      for (const text of known.flat()) {
        expect(text, key).not.toMatch(/[{}]|importMessages|could not/);
      }
      // A message kept without its kind (by an instance older than it) says the database's words.
      expect(inEnglish({ key, values: { reason, attempts: 5 } } as never)).toContain(reason);
      // Each kind its own words, in each language.
      expect(new Set(known.map(([english]) => english)).size).toBe(causes.length);
      expect(new Set(known.map(([, german]) => german)).size).toBe(causes.length);
    }
  });

  it("write numbers in the reader's way and keep the literal parts", () => {
    const german = createTranslator({ locale: "de", messages: de, namespace: "importMessages" });
    expect(inEnglish(said("lineTooLong", { line: 25001, max: 1_000_000 }))).toBe(
      "Line 25001 is longer than 1,000,000 characters; NDJSON holds one object per line",
    );
    expect(german("lineTooLong", { line: 25001, max: 1_000_000 })).toBe(
      "Zeile 25001 ist länger als 1.000.000 Zeichen; NDJSON enthält ein Objekt pro Zeile",
    );
    expect(inEnglish(said("consentColumns"))).toContain('"consentMode.<signal>" columns');
  });
});

describe("a schema's issues", () => {
  const schema = z
    .object({ gpc: z.boolean().optional(), region: z.string("validation.regionCode") })
    .strict();
  const reasons = (input: unknown) => schema.safeParse(input).error!.issues.map(schemaReason);

  it("say an object for a record, and a whole number for an integer", () => {
    const german = createTranslator({ locale: "de", messages: de, namespace: "importMessages" });
    const record = z.object({ traits: z.record(z.string(), z.unknown()), n: z.int() });
    const said = record
      .safeParse({ traits: "DE", n: 1.5 })
      .error!.issues.map(schemaReason) as Said[];
    expect(said.map(inEnglish)).toEqual([
      "Must be an object in curly braces",
      "Must be a whole number",
    ]);
    expect(said.map((s) => german(...sayArgs(s)))).toEqual([
      "Muss ein Objekt in geschweiften Klammern sein",
      "Muss eine ganze Zahl sein",
    ]);
  });

  it("keep the schema's own message key", () => {
    expect(reasons({})).toEqual(["validation.regionCode"]);
  });

  it("name the wrong type and the unknown fields in both languages", () => {
    const german = createTranslator({ locale: "de", messages: de, namespace: "importMessages" });
    const [wrong, unknown] = reasons({ gpc: "yes", region: "DE", extra: 1 }) as Said[];
    expect([inEnglish(wrong!), german(...sayArgs(wrong!))]).toEqual([
      "Must be true or false",
      "Muss true oder false sein",
    ]);
    expect([inEnglish(unknown!), german(...sayArgs(unknown!))]).toEqual([
      'Unknown field "extra": remove it or check its spelling',
      'Unbekanntes Feld "extra": Entfernen Sie es oder prüfen Sie die Schreibweise',
    ]);
  });
});
