import { describe, expect, it } from "vitest";
import { isStorableText, retryTransaction, stoppedReason } from "./db-errors";

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

describe("stoppedReason", () => {
  it("gives the innermost cause's words, storable even when the cut falls inside a character", () => {
    const driver = new Error(`${"x".repeat(299)}😀 and more`);
    const wrapped = new Error("Failed query: update profiles …\nparams: c-1,ada@example.com", {
      cause: driver,
    });
    const reason = stoppedReason(wrapped);
    expect(reason).toHaveLength(300);
    expect(reason.startsWith("x".repeat(299))).toBe(true);
    expect(isStorableText(reason)).toBe(true);
    expect(stoppedReason(new Error("bad\u0000byte"))).toBe("bad\uFFFDbyte");
  });
});
