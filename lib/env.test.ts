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

  it("sizes each worker's PostgreSQL pool: 10 by default, DATABASE_POOL_MAX from 1 to 100", () => {
    expect(parseEnv({}).databasePoolMax).toBe(10);
    expect(parseEnv({ DATABASE_POOL_MAX: "4" }).databasePoolMax).toBe(4);
    for (const bad of ["0", "101", "ten", "4.5"])
      expect(() => parseEnv({ DATABASE_POOL_MAX: bad })).toThrow(
        /DATABASE_POOL_MAX must be a number of connections from 1 to 100/,
      );
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
    expect(
      parseEnv({ NODE_ENV: "production", NEXTAUTH_URL: "http://localhost:3000" }).nodeEnv,
    ).toBe("production");
  });

  it("requires NEXTAUTH_URL in production, https unless the host is loopback", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(/NEXTAUTH_URL is required/);
    expect(() =>
      parseEnv({ NODE_ENV: "production", NEXTAUTH_URL: "http://firstparty.example.com" }),
    ).toThrow(/NEXTAUTH_URL must be https in production/);
    expect(() =>
      parseEnv({ NODE_ENV: "production", NEXTAUTH_URL: "http://localhost.example.com" }),
    ).toThrow(/must be https/);
    for (const url of [
      "https://firstparty.example.com",
      "http://localhost:3000",
      "http://127.0.0.1:3100",
      "http://[::1]:8080",
    ]) {
      expect(parseEnv({ NODE_ENV: "production", NEXTAUTH_URL: url }).nextAuthUrl).toBe(url);
    }
    // Development keeps its conveniences.
    expect(parseEnv({ NEXTAUTH_URL: "http://dev.internal:3000" }).nextAuthUrl).toBe(
      "http://dev.internal:3000",
    );
  });

  it("accepts TRUST_PROXY only as a number of proxies (server.mjs reads it)", () => {
    for (const value of ["", "0", "1", "2"])
      expect(() => parseEnv({ TRUST_PROXY: value })).not.toThrow();
    expect(() => parseEnv({ TRUST_PROXY: "yes" })).toThrow(
      /TRUST_PROXY must be 0, 1 or the number/,
    );
  });

  it("reads SMTP_URL only as an smtp:// or smtps:// URL", () => {
    expect(parseEnv({ SMTP_URL: "smtp://mail.example.com:587" }).smtp?.url).toBe(
      "smtp://mail.example.com:587",
    );
    expect(() => parseEnv({ SMTP_URL: "mail.example.com" })).toThrow(/SMTP_URL must be an smtp/);
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
