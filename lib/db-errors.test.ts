import { describe, expect, it } from "vitest";
import {
  isConnectionError,
  isStorableText,
  retryTransaction,
  stoppedCause,
  stoppedReason,
} from "./db-errors";

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

describe("isConnectionError", () => {
  it("takes a server out of connections for a passing state, as a refused connection", () => {
    const failed = (code: string) =>
      new Error("Failed query", { cause: Object.assign(new Error("driver"), { code }) });
    expect(isConnectionError(failed("53300"))).toBe(true); // too_many_connections
    expect(isConnectionError(failed("ECONNREFUSED"))).toBe(true);
    expect(isConnectionError(failed("23505"))).toBe(false);
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

describe("stoppedCause", () => {
  /** An error as drizzle throws it: its own "Failed query" around the driver's coded error. */
  const failed = (code: string) =>
    new Error("Failed query: insert …", { cause: Object.assign(new Error("…"), { code }) });

  it("names the kind of failure from the driver's code, under drizzle's wrapper", () => {
    expect(stoppedCause(failed("53100"))).toBe("diskFull");
    expect(stoppedCause(failed("53200"))).toBe("resources");
    expect(stoppedCause(failed("53300"))).toBe("resources");
    expect(stoppedCause(failed("57014"))).toBe("cancelled");
    expect(stoppedCause(failed("55P03"))).toBe("cancelled");
    expect(stoppedCause(failed("57P05"))).toBe("connection");
    expect(stoppedCause(failed("08006"))).toBe("connection");
    expect(stoppedCause(failed("25006"))).toBe("readOnly");
    expect(stoppedCause(failed("42501"))).toBe("permission");
    // postgres.js's own codes, when the server is gone before any answer.
    expect(
      stoppedCause(
        Object.assign(new Error("write CONNECTION_CLOSED"), { code: "CONNECTION_CLOSED" }),
      ),
    ).toBe("connection");
  });

  it("leaves anything else to the database's own words", () => {
    expect(stoppedCause(failed("23514"))).toBe("other");
    expect(stoppedCause(new Error("no code"))).toBe("other");
    expect(stoppedCause("thrown text")).toBe("other");
  });
});
