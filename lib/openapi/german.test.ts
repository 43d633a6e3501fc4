/** The API reference's German: one for every description the document has, none left over. */
import { describe, expect, it } from "vitest";
import { openApiDocument } from ".";
import { describedIn, germanDescriptions } from "./german";

/** Every `description` anywhere in the document. */
function descriptions(node: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const item of node) descriptions(item, into);
  else if (node && typeof node === "object")
    for (const [key, value] of Object.entries(node)) {
      if (key === "description" && typeof value === "string") into.add(value);
      else descriptions(value, into);
    }
  return into;
}

const codeSpans = (text: string) => [...text.matchAll(/`[^`]+`/g)].map((m) => m[0]).sort();

describe("the API reference in German", () => {
  const english = descriptions(openApiDocument({ serverUrl: "https://firstparty.example" }));
  const german = germanDescriptions();

  it("has the German of every description in the document, and of nothing else", () => {
    expect([...english].filter((text) => !german.has(text))).toEqual([]);
    expect([...german.keys()].filter((text) => !english.has(text))).toEqual([]);
  });

  it("keeps each description's code as it is", () => {
    for (const [text, translated] of german) {
      expect(codeSpans(translated), text).toEqual(codeSpans(text));
      expect(translated, text).not.toBe("");
    }
  });

  it("is shown to German readers only", () => {
    const text = "Not signed in, and no valid API key";
    expect(describedIn("de", text)).toBe("Nicht angemeldet und kein gültiger API-Schlüssel");
    expect(describedIn("en", text)).toBe(text);
    expect(describedIn("de", "A text the document does not have")).toBe(
      "A text the document does not have",
    );
  });
});
