import { describe, expect, it } from "vitest";
import { contentSecurityPolicy } from "./csp";

const directive = (csp: string, name: string) =>
  csp.split("; ").find((d) => d.startsWith(`${name} `));

describe("contentSecurityPolicy", () => {
  it("allows scripts only by nonce, never inline or eval in production", () => {
    const csp = contentSecurityPolicy("abc123", { dev: false, https: true });
    const scripts = directive(csp, "script-src")!;
    expect(scripts).toContain("'nonce-abc123'");
    expect(scripts).not.toContain("unsafe-inline");
    expect(scripts).not.toContain("unsafe-eval");
    expect(directive(csp, "frame-ancestors")).toBe("frame-ancestors 'none'");
    expect(directive(csp, "object-src")).toBe("object-src 'none'");
    expect(csp).toContain("upgrade-insecure-requests");
  });

  it("allows eval only in development (React's debugging needs it)", () => {
    expect(
      directive(contentSecurityPolicy("n", { dev: true, https: false }), "script-src"),
    ).toContain("'unsafe-eval'");
  });
});
