import { describe, expect, it } from "vitest";
import { clientAddress, trustedHops } from "./client-address.mjs";

describe("clientAddress", () => {
  it("uses the socket and ignores X-Forwarded-For without a trusted proxy", () => {
    expect(clientAddress("203.0.113.7", "198.51.100.1", 0)).toBe("203.0.113.7");
    expect(clientAddress("::ffff:203.0.113.7", undefined, 0)).toBe("203.0.113.7");
  });

  it("a client that changes the header on every request keeps one address", () => {
    const seen = new Set(
      Array.from({ length: 20 }, (_, i) => clientAddress("203.0.113.7", `10.0.0.${i}`, 0)),
    );
    expect([...seen]).toEqual(["203.0.113.7"]);
  });

  it("behind one proxy takes the entry that proxy appended, not what the client wrote", () => {
    // The client sent "X-Forwarded-For: 1.1.1.1"; the proxy appended the address it saw.
    expect(clientAddress("10.0.0.2", "1.1.1.1, 203.0.113.7", 1)).toBe("203.0.113.7");
    expect(clientAddress("10.0.0.2", ["1.1.1.1", "203.0.113.7"], 1)).toBe("203.0.113.7");
  });

  it("behind two proxies takes the second entry from the right", () => {
    expect(clientAddress("10.0.0.2", "6.6.6.6, 203.0.113.7, 10.0.0.9", 2)).toBe("203.0.113.7");
    expect(clientAddress("10.0.0.2", "203.0.113.7", 2)).toBe("203.0.113.7");
  });

  it("drops the port a proxy adds to the address (Azure App Service, IIS ARR)", () => {
    expect(clientAddress("10.0.0.2", "203.0.113.7:51234", 1)).toBe("203.0.113.7");
    expect(clientAddress("10.0.0.2", "[2001:db8::1]:443", 1)).toBe("2001:db8::1");
    expect(clientAddress("10.0.0.2", "[2001:db8::1]", 1)).toBe("2001:db8::1");
    // One client over many connections is one address, for the sign-in throttle.
    const seen = new Set(
      [51234, 51235, 60001].map((port) => clientAddress("10.0.0.2", `203.0.113.7:${port}`, 1)),
    );
    expect([...seen]).toEqual(["203.0.113.7"]);
    // An IPv6 address without brackets keeps every group.
    expect(clientAddress("10.0.0.2", "2001:db8::1:443", 1)).toBe("2001:db8::1:443");
  });

  it("falls back to the socket when the proxy sent nothing usable", () => {
    expect(clientAddress("10.0.0.2", undefined, 1)).toBe("10.0.0.2");
    expect(clientAddress("10.0.0.2", " , ", 1)).toBe("10.0.0.2");
    expect(clientAddress("10.0.0.2", "<script>", 1)).toBe("10.0.0.2");
    expect(clientAddress(undefined, undefined, 0)).toBe("unknown");
  });
});

describe("trustedHops", () => {
  it("reads unset, 0, 1 and hop counts, and refuses anything else", () => {
    expect(trustedHops(undefined)).toBe(0);
    expect(trustedHops("")).toBe(0);
    expect(trustedHops("1")).toBe(1);
    expect(trustedHops("3")).toBe(3);
    expect(() => trustedHops("true")).toThrow(/TRUST_PROXY must be/);
  });
});
