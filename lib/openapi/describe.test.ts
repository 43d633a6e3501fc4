/** The API reference says types in words, never regexes, for the document's real schemas. */
import { createTranslator } from "use-intl/core";
import { describe, expect, it } from "vitest";
import en from "@/messages/en.json";
import { fieldRows, phraseArgs, phrasesOf, resolver, type Phrase, type Schema } from "./describe";
import { openApiDocument } from ".";

const doc = openApiDocument();
const resolve = resolver(doc.components as never);

const english = createTranslator({ locale: "en", messages: en, namespace: "apiReference.phrases" });

/** The phrases as the English page shows them. */
function words(phrases: Phrase[]): string {
  return phrases.map((p) => english(...phraseArgs(p))).join(", ");
}

type Media = { schema: Schema };
const bodyOf = (path: string, method: string) =>
  (
    doc.paths as Record<string, Record<string, { requestBody: { content: Record<string, Media> } }>>
  )[path]![method]!.requestBody.content["application/json"]!.schema;

describe("types in words", () => {
  it("describes a consent event field by field, without its patterns", () => {
    const rows = fieldRows(bodyOf("/api/v1/consent-events", "post"), resolve);
    const byName = Object.fromEntries(rows.map((r) => [r.name, r]));
    expect(words(byName["events"]!.phrases)).toBe("list, 1 to 5,000 items");
    expect(words(byName["events[].eventId"]!.phrases)).toBe("text, 1 to 200 characters");
    expect(words(byName["events[].occurredAt"]!.phrases)).toMatch(/^date and time, ISO 8601/);
    expect(words(byName["events[].action"]!.phrases)).toBe('one of "grant", "deny", "withdraw"');
    expect(byName["events[].eventId"]!.required).toBe(true);
    // Replaced by tcString or consentMode when a consent platform's signal is sent.
    expect(byName["events[].action"]!.required).toBe(false);
    expect(byName["events[].gpc"]!.required).toBe(false);
    expect(JSON.stringify(rows)).not.toMatch(/\\\\d|\(\?:/);
  });

  it("says dates, defaults and nulls plainly", () => {
    const rows = fieldRows(bodyOf("/api/v1/sources", "post"), resolve);
    const byName = Object.fromEntries(rows.map((r) => [r.name, words(r.phrases)]));
    expect(byName.activeFrom).toBe("date, YYYY-MM-DD");
    expect(byName.retiredAt).toBe("date, YYYY-MM-DD, or null, default null");
    expect(byName.monthlyVolume).toBe("whole number, 0 to 1,000,000,000,000");
    expect(byName.cookieBased).toBe("true or false, default false");
  });

  it("follows references into response components", () => {
    const responses = (
      doc.paths as Record<
        string,
        Record<string, { responses: Record<string, { content: Record<string, Media> }> }>
      >
    )["/api/v1/purposes/{key}"]!.get!.responses;
    const rows = fieldRows(responses["200"]!.content["application/json"]!.schema, resolve);
    expect(rows.map((r) => r.name)).toEqual(
      expect.arrayContaining(["key", "version", "createdAt"]),
    );
    expect(words(rows.find((r) => r.name === "createdAt")!.phrases)).toMatch(/^date and time/);
  });

  it("names a map's values and a literal", () => {
    expect(words(phrasesOf({ const: "receipt" }, resolve))).toBe('exactly "receipt"');
    const rows = fieldRows(
      {
        type: "object",
        properties: { ids: { type: "object", additionalProperties: { type: "string" } } },
      },
      resolve,
    );
    expect(rows.map((r) => [r.name, words(r.phrases)])).toEqual([
      ["ids", "object of names to values"],
      ["ids.*", "text"],
    ]);
  });

  it("has every phrase, summary and tag in English and German", async () => {
    const de = (await import("@/messages/de.json")).default;
    expect(Object.keys(de.apiReference.phrases).sort()).toEqual(
      Object.keys(en.apiReference.phrases).sort(),
    );
    const ids = Object.values(doc.paths ?? {}).flatMap((item) =>
      Object.values(item as Record<string, { operationId?: string }>).map((o) => o.operationId),
    );
    expect(Object.keys(de.apiReference.summaries).sort()).toEqual([...ids].sort());
    expect(Object.keys(de.apiReference.tags).sort()).toEqual(
      Object.keys(en.apiReference.tags).sort(),
    );
  });
});
