import { deflateSync, gzipSync } from "node:zlib";
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

  describe("sent compressed (Content-Encoding), as CDP clients such as analytics-python do", () => {
    const text = JSON.stringify({ batch: [{ type: "identify", userId: "u1" }] });
    const send = (bytes: Uint8Array, encoding: string) =>
      new Request("http://localhost/x", {
        method: "POST",
        body: new Uint8Array(bytes),
        headers: { "content-encoding": encoding, "content-type": "application/json" },
      });

    it("reads a gzip or deflate body as the bytes it was made of", async () => {
      for (const [encoding, bytes] of [
        ["gzip", gzipSync(text)],
        ["x-gzip", gzipSync(text)],
        ["deflate", deflateSync(text)],
        ["identity", Buffer.from(text)],
      ] as const) {
        const body = await readBody(send(bytes, encoding), 10_000);
        expect(Buffer.from(body).toString("utf8"), encoding).toBe(text);
      }
    });

    it("holds the limit to the bytes unpacked, not to the bytes sent", async () => {
      const bomb = gzipSync(Buffer.alloc(5_000_000)); // about 5 kB sent
      expect(bomb.byteLength).toBeLessThan(10_000);
      await expect(readBody(send(bomb, "gzip"), 1_000_000)).rejects.toMatchObject({
        status: 413,
        message: "The body is larger than 1000000 bytes",
      });
    });

    it("refuses an encoding it cannot read (415) and a body that is not what it says (400)", async () => {
      await expect(readBody(send(Buffer.from(text), "br"), 10_000)).rejects.toMatchObject({
        status: 415,
        message: expect.stringContaining("br"),
      });
      await expect(readBody(send(Buffer.from(text), "gzip"), 10_000)).rejects.toMatchObject({
        status: 400,
        message: expect.stringContaining("gzip"),
      });
    });
  });
});
