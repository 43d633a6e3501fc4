import path from "node:path";
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

describe("parseEnv", () => {
  it("defaults to the embedded database in ./.data/pglite with nothing configured", () => {
    const env = parseEnv({});
    expect(env.databaseUrl).toBeUndefined();
    expect(env.pgliteDir).toBe(path.resolve(".data/pglite"));
    expect(env.seedDemo).toBe(false);
    expect(env.oidc).toBeUndefined();
  });

  it("treats empty strings as unset", () => {
    expect(parseEnv({ DATABASE_URL: "", NEXTAUTH_SECRET: "" }).databaseUrl).toBeUndefined();
  });

  it("names a bad DATABASE_URL in a sentence", () => {
    expect(() => parseEnv({ DATABASE_URL: "mysql://x" })).toThrow(EnvError);
    expect(() => parseEnv({ DATABASE_URL: "mysql://x" })).toThrow(
      /DATABASE_URL must be a postgres:\/\//,
    );
  });

  it("refuses a short NEXTAUTH_SECRET", () => {
    expect(() => parseEnv({ NEXTAUTH_SECRET: "short" })).toThrow(
      /NEXTAUTH_SECRET must be at least 32 characters/,
    );
  });

  it("requires NEXTAUTH_SECRET with PostgreSQL in production, but not for the embedded database", () => {
    expect(() => parseEnv({ NODE_ENV: "production", DATABASE_URL: "postgres://h/db" })).toThrow(
      /NEXTAUTH_SECRET is required/,
    );
    expect(parseEnv({ NODE_ENV: "production" }).nodeEnv).toBe("production");
  });

  it("switches OIDC on only when issuer, client id and secret are all set", () => {
    expect(() => parseEnv({ OIDC_ISSUER: "https://id.example.com" })).toThrow(
      /must be set together/,
    );
    const env = parseEnv({
      OIDC_ISSUER: "https://id.example.com",
      OIDC_CLIENT_ID: "a",
      OIDC_CLIENT_SECRET: "b",
    });
    expect(env.oidc).toEqual({
      issuer: "https://id.example.com",
      clientId: "a",
      clientSecret: "b",
      name: "Single sign-on",
    });
  });

  it("fixes the clock from FIRSTPARTY_NOW and refuses a non-timestamp", () => {
    expect(parseEnv({ FIRSTPARTY_NOW: "2026-01-01T00:00:00Z" }).fixedNow?.toISOString()).toBe(
      "2026-01-01T00:00:00.000Z",
    );
    expect(() => parseEnv({ FIRSTPARTY_NOW: "tomorrow" })).toThrow(
      /FIRSTPARTY_NOW must be an ISO timestamp/,
    );
  });

  it("reports every bad variable at once", () => {
    try {
      parseEnv({ DATABASE_URL: "x", SEED_DEMO: "yes" });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toMatch(/DATABASE_URL/);
      expect((error as Error).message).toMatch(/SEED_DEMO/);
    }
  });
});
