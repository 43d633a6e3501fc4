import { createTranslator } from "use-intl/core";
import { describe, expect, it } from "vitest";
import de from "@/messages/de.json";
import en from "@/messages/en.json";
import { filterInEnglish } from "./english";
import { filterSaid, type FilterMessageKey } from "./said";

/** A value for each placeholder a message may name. */
const values = {
  key: "region",
  keys: "from, to, region",
  count: 2,
  values: "day, week, month",
  max: 200,
  earliest: "2000-01-01",
  latest: "2027-12-01",
  leftOut: "today",
  path: "from",
  from: "2026-06-02",
  to: "2026-06-01",
  interval: "week",
  points: 1406,
  day: "1100",
  week: "530",
  left: 7900,
};

describe("the filters' messages", () => {
  it("are said in German for every English one", () => {
    expect(Object.keys(de.filterMessages).sort()).toEqual(Object.keys(en.filterMessages).sort());
  });

  it("each format with their values in both languages, none left as a placeholder", () => {
    const german = createTranslator({ locale: "de", messages: de, namespace: "filterMessages" });
    for (const key of Object.keys(en.filterMessages) as FilterMessageKey[]) {
      const english = filterInEnglish({ key, values } as never);
      const deutsch = german(key, values as never);
      for (const text of [english, deutsch])
        expect(text, key).not.toMatch(/[{}]|filterMessages|NaN/);
      expect(deutsch, key).not.toBe(english);
    }
  });

  it("keep the apostrophe of English text, which ICU would take for a quote", () => {
    expect(filterInEnglish(filterSaid("auditCursor"))).toBe(
      "cursor is where a page of the log starts, as the log's own links give it",
    );
  });
});
