import { describe, expect, it } from "vitest";
import { knowsAccount, withAccount } from "./known-device";

const secret = "a-secret-of-this-instance-0123456789";

describe("a browser known for an account", () => {
  it("holds a token only the instance's secret makes, for that account alone", () => {
    const cookie = withAccount(secret, undefined, "ada@example.com");
    expect(knowsAccount(secret, cookie, "ada@example.com")).toBe(true);
    expect(knowsAccount(secret, cookie, "ADA@example.com")).toBe(true);
    expect(knowsAccount(secret, cookie, "bob@example.com")).toBe(false);
    expect(knowsAccount("another-instance-secret-0123456789", cookie, "ada@example.com")).toBe(
      false,
    );
    expect(knowsAccount(secret, `${cookie.slice(0, -1)}x`, "ada@example.com")).toBe(false);
    expect(knowsAccount(secret, undefined, "ada@example.com")).toBe(false);
    expect(knowsAccount(secret, "~~not-a-token~", "ada@example.com")).toBe(false);
  });

  it("keeps the last five accounts that signed in with it, each once", () => {
    let cookie: string | undefined;
    for (const name of ["a", "b", "c", "a", "d", "e", "f"])
      cookie = withAccount(secret, cookie, `${name}@example.com`);
    const known = ["a", "b", "c", "d", "e", "f"].filter((n) =>
      knowsAccount(secret, cookie, `${n}@example.com`),
    );
    // "b" signed in longest ago; "a" signed in again after "c".
    expect(known).toEqual(["a", "c", "d", "e", "f"]);
    expect(cookie!.split("~")).toHaveLength(5);
  });
});
