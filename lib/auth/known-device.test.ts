import { describe, expect, it } from "vitest";
import { knowsAccount, withAccount } from "./known-device";

const secret = "a-secret-of-this-instance-0123456789";
const account = (email: string, sessionVersion = 1) => ({ email, sessionVersion });

describe("a browser known for an account", () => {
  it("holds a token only the instance's secret makes, for that account alone", () => {
    const cookie = withAccount(secret, undefined, account("ada@example.com"));
    expect(knowsAccount(secret, cookie, account("ada@example.com"))).toBe(true);
    expect(knowsAccount(secret, cookie, account("ADA@example.com"))).toBe(true);
    expect(knowsAccount(secret, cookie, account("bob@example.com"))).toBe(false);
    expect(
      knowsAccount("another-instance-secret-0123456789", cookie, account("ada@example.com")),
    ).toBe(false);
    expect(knowsAccount(secret, `${cookie.slice(0, -1)}x`, account("ada@example.com"))).toBe(false);
    expect(knowsAccount(secret, undefined, account("ada@example.com"))).toBe(false);
    expect(knowsAccount(secret, "~~not-a-token~", account("ada@example.com"))).toBe(false);
  });

  it("is a stranger again once the account's session version moves on", () => {
    const cookie = withAccount(secret, undefined, account("ada@example.com", 3));
    expect(knowsAccount(secret, cookie, account("ada@example.com", 3))).toBe(true);
    expect(knowsAccount(secret, cookie, account("ada@example.com", 4))).toBe(false);
    // Signing in again with the password makes it known at the new version.
    const renewed = withAccount(secret, cookie, account("ada@example.com", 4));
    expect(knowsAccount(secret, renewed, account("ada@example.com", 4))).toBe(true);
  });

  it("keeps the last five accounts that signed in with it, each once", () => {
    let cookie: string | undefined;
    for (const name of ["a", "b", "c", "a", "d", "e", "f"])
      cookie = withAccount(secret, cookie, account(`${name}@example.com`));
    const known = ["a", "b", "c", "d", "e", "f"].filter((n) =>
      knowsAccount(secret, cookie, account(`${n}@example.com`)),
    );
    // "b" signed in longest ago; "a" signed in again after "c".
    expect(known).toEqual(["a", "c", "d", "e", "f"]);
    expect(cookie!.split("~")).toHaveLength(5);
  });
});
