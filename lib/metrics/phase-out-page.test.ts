import { describe, expect, it } from "vitest";
import { issuesInEnglish } from "@/lib/filters/english";
import { MAX_RETIRE_KEYS, retireFromAddress } from "./phase-out-page";

describe("the simulator's sources from the address", () => {
  it("reads each key once, sorted, from repeated and comma-separated values", () => {
    expect(retireFromAddress(["b-source, a-source", "b-source", ""])).toEqual({
      keys: ["a-source", "b-source"],
      issues: [],
    });
    expect(retireFromAddress(undefined)).toEqual({ keys: [], issues: [] });
  });

  it("names a value that is not a key and keeps the rest", () => {
    const { keys, issues } = retireFromAddress("a-source,Not A Key");
    expect(keys).toEqual(["a-source"]);
    expect(issuesInEnglish(issues)).toEqual([
      {
        path: "retire",
        message: '"Not A Key" is not a source key (lowercase letters, digits, single - or _)',
      },
    ]);
  });

  it("reads at most the API's number of values and says how many it left out", () => {
    const many = Array.from({ length: MAX_RETIRE_KEYS + 7_900 }, (_, i) => `s${i}`).join(",");
    const { keys, issues } = retireFromAddress(many);
    expect(keys).toHaveLength(MAX_RETIRE_KEYS);
    expect(issuesInEnglish(issues)).toEqual([
      {
        path: "retire",
        message: `At most ${MAX_RETIRE_KEYS} source keys are read; the other 7,900 were left out`,
      },
    ]);
  });
});
