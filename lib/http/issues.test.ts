import { describe, expect, it } from "vitest";
import { apiIssue, jsonError } from ".";

describe("issues as the API answers them", () => {
  it("give the path as keys and indexes, as zod does", () => {
    expect(apiIssue({ path: "events.1.region", message: "m" })).toEqual({
      path: ["events", 1, "region"],
      message: "m",
    });
    expect(apiIssue({ path: "from", message: "m" }).path).toEqual(["from"]);
    expect(apiIssue({ path: "", message: "m" }).path).toEqual([]);
  });

  it('give a CSV row\'s issue as ["line", n], the column apart (a dotted column whole)', () => {
    expect(apiIssue({ path: "line.5", message: "m" })).toEqual({ path: ["line", 5], message: "m" });
    expect(apiIssue({ path: "line.5.contact.email", message: "m" })).toEqual({
      path: ["line", 5],
      field: "contact.email",
      message: "m",
    });
  });

  it("keep a message's catalog key for the app's own pages, and the error shape", async () => {
    const said = { key: "unknownPurpose", values: { purpose: "x" } } as const;
    const response = jsonError(422, "Nothing was stored", [
      { path: "line.3.purpose", message: 'Unknown purpose "x"', said },
    ]);
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({
      error: "Nothing was stored",
      issues: [{ path: ["line", 3], field: "purpose", message: 'Unknown purpose "x"', said }],
    });
  });
});
