import { describe, expect, it } from "vitest";
import { singleValues } from "./search-params";

describe("singleValues", () => {
  it("keeps the first of a repeated key and treats an empty value as absent", () => {
    expect(singleValues({ region: ["DE", "FR"], party: "first", q: "", none: undefined })).toEqual({
      region: "DE",
      party: "first",
      q: undefined,
      none: undefined,
    });
  });
});
