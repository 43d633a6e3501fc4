import { parse, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { describe, expect, it } from "vitest";
import de from "@/messages/de.json";
import en from "@/messages/en.json";
import { negotiateLocale } from "./config";

describe("negotiateLocale", () => {
  it.each([
    [undefined, "en"],
    ["", "en"],
    ["de-DE,de;q=0.9,en;q=0.8", "de"],
    ["en-US,en;q=0.9,de;q=0.8", "en"],
    ["fr-FR,fr;q=0.9,de;q=0.5", "de"],
    ["fr", "en"],
    ["de;q=0.2,en;q=0.3", "en"],
    ["de;q=0", "en"],
    ["garbage;;;,", "en"],
  ])("%s → %s", (header, expected) => {
    expect(negotiateLocale(header)).toBe(expected);
  });
});

function keys(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

/**
 * A message's placeholders as "name:kind", branches included, sorted. The kind is what the value
 * is: a select takes text as a plain placeholder does (German chooses words by it where English
 * need not), and a plural takes a number.
 */
function placeholders(elements: MessageFormatElement[], into = new Set<string>()): string[] {
  const kinds = ["literal", "text", "number", "date", "time", "text", "number", "#", "tag"];
  for (const element of elements) {
    // Literal text (0) has a value too, but names nothing; "#" (7) has none.
    if ("value" in element && element.type !== 0)
      into.add(`${element.value}:${kinds[element.type]}`);
    if ("options" in element)
      for (const option of Object.values(element.options)) placeholders(option.value, into);
    if ("children" in element) placeholders(element.children, into);
  }
  return [...into].sort();
}

const messageAt = (catalog: unknown, key: string) =>
  String(key.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], catalog));

describe("message catalogs", () => {
  it("give each message the same placeholders, of the same kind, in English and German", () => {
    // The type check reads the English catalog only (messages/en.d.json.ts); this holds the
    // German one to it, so a value said as a number in one is a number in the other.
    const differ = keys(en).filter(
      (key) =>
        placeholders(parse(messageAt(en, key))).join() !==
        placeholders(parse(messageAt(de, key))).join(),
    );
    expect(differ).toEqual([]);
    expect(
      placeholders(parse("Line {line, number, ::group-off} of {n, plural, one {# {x}} other {}}")),
    ).toEqual(["line:number", "n:number", "x:text"]);
  });

  it("have the same keys in English and German", () => {
    expect(keys(de).sort()).toEqual(keys(en).sort());
  });
  it("have no empty message", () => {
    for (const catalog of [en, de]) {
      for (const key of keys(catalog)) {
        const text = key
          .split(".")
          .reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], catalog);
        expect(String(text).trim(), key).not.toBe("");
      }
    }
  });
});
