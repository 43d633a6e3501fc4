import { describe, expect, it } from "vitest";
import { HttpError } from "@/lib/errors";
import { readNdjson } from "./ndjson";

const post = (body: string) =>
  new Request("http://localhost/api/v1/consent-events", {
    method: "POST",
    body,
    headers: { "content-type": "application/x-ndjson" },
  });

describe("an NDJSON body", () => {
  const options = { field: "events", maxBytes: 10_000, maxItems: 10 };

  it("is one item per line, blank lines aside", async () => {
    expect(await readNdjson(post('{"a":1}\n\n{"b":2}\r\n'), options)).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it("says which line of the file is not JSON, counting the blank ones too", async () => {
    const error = await readNdjson(post('{"a":1}\n\n{not json\n{"c":3}'), options).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(HttpError);
    // The path counts the items (as every other issue of the batch does); the message, the lines.
    expect((error as HttpError).issues).toEqual([
      { path: "events.1", message: "Line 3 is not valid JSON" },
    ]);
  });
});
