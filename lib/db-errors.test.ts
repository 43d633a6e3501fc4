import { describe, expect, it } from "vitest";
import { isStorableText, retryTransaction } from "./db-errors";

describe("retryTransaction", () => {
  it("runs an aborted transaction again, and gives up on other errors at once", async () => {
    let calls = 0;
    const result = await retryTransaction(async () => {
      calls++;
      if (calls < 3) throw Object.assign(new Error("deadlock detected"), { code: "40P01" });
      return "done";
    });
    expect(result).toBe("done");
    expect(calls).toBe(3);
    let other = 0;
    await expect(
      retryTransaction(async () => {
        other++;
        throw Object.assign(new Error("unique violation"), { code: "23505" });
      }),
    ).rejects.toThrow("unique violation");
    expect(other).toBe(1);
  });
});

describe("isStorableText", () => {
  it("refuses NUL and lone surrogates, accepts any other Unicode", () => {
    expect(isStorableText("Grüße 🙂 e\u0301")).toBe(true);
    expect(isStorableText("a\u0000b")).toBe(false);
    expect(isStorableText("\ud800")).toBe(false);
    expect(isStorableText("x\udc00")).toBe(false);
  });
});
