import { describe, expect, it } from "vitest";
import { HttpError } from "@/lib/errors";
import { readBody } from ".";

/** A request whose body arrives in `pieces` of bytes, as a chunked upload does (no length). */
function chunked(pieces: number[], headers: Record<string, string> = {}) {
  let sent = 0;
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled++;
      if (sent === pieces.length) return controller.close();
      controller.enqueue(new Uint8Array(pieces[sent++]!).fill(97));
    },
  });
  const request = new Request("http://localhost/x", {
    method: "POST",
    body,
    headers,
    duplex: "half",
  } as RequestInit);
  return { request, pulled: () => pulled };
}

describe("readBody", () => {
  it("reads a body up to the limit, whole", async () => {
    const { request } = chunked([400, 400, 200]);
    expect((await readBody(request, 1_000)).byteLength).toBe(1_000);
  });

  it("stops reading a body sent without a length once it passes the limit", async () => {
    const { request, pulled } = chunked([600, 600, 600, 600, 600]);
    const error = await readBody(request, 1_000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 413, message: "The body is larger than 1000 bytes" });
    // The second piece passed the limit; the rest was never asked for.
    expect(pulled()).toBeLessThanOrEqual(3);
  });

  it("refuses a declared length over the limit before reading anything", async () => {
    const { request, pulled } = chunked([10], { "content-length": "5000" });
    await expect(readBody(request, 1_000)).rejects.toMatchObject({ status: 413 });
    expect(pulled()).toBeLessThanOrEqual(1);
  });
});
