import { describe, expect, it } from "vitest";
import { generateApiKey, hashApiKey } from ".";
import { createApiKeySchema } from "./schema";

describe("API key format", () => {
  it("makes 256-bit random keys with a recognisable prefix", () => {
    const a = generateApiKey();
    expect(a).toMatch(/^fp_[A-Za-z0-9_-]{43}$/);
    expect(generateApiKey()).not.toBe(a);
    expect(hashApiKey(a)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("validates names and scopes, naming the field", () => {
    const bad = createApiKeySchema.safeParse({ name: " ", scopes: [] });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path[0])).toEqual(["name", "scopes"]);
    expect(createApiKeySchema.safeParse({ name: "x", scopes: ["root"] }).success).toBe(false);
    expect(createApiKeySchema.parse({ name: " CRM ", scopes: ["read", "ingest", "read"] })).toEqual(
      { name: "CRM", scopes: ["ingest", "read"] },
    );
  });
});
