/**
 * FIRSTPARTY_NOW fixes "today" for the figures of a demo or a test, never the time that decides
 * access: an API key expires, and the refusals and sign-in throttles count, by the real clock, as
 * sessions and keys are created by it. Here the process's "today" lies in the past, as in a demo.
 */
process.env.FIRSTPARTY_NOW = "2026-01-01T12:00:00Z";

import { like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rateLimits } from "@/db/schema";
import { createApiKey } from "@/lib/api-keys";
import { now } from "@/lib/clock";
import { keyOwner } from "@/tests/key-owner";
import { createTestDatabase, type TestDatabase } from "@/tests/database";

let t: TestDatabase;
const day = 86_400_000;

beforeAll(async () => {
  t = await createTestDatabase({ app: true }); // the app's own database too
});
afterAll(async () => {
  await t?.drop();
});

async function read(key: string) {
  const { GET } = await import("@/app/api/v1/metrics/consent/route");
  const request = new Request("http://localhost/api/v1/metrics/consent", {
    headers: { authorization: `Bearer ${key}` },
  });
  return (await GET(request, { params: Promise.resolve({}) })).status;
}

describe("access under a fixed FIRSTPARTY_NOW", () => {
  it("the fixed clock is in force for the figures", () => {
    expect(now().toISOString()).toBe("2026-01-01T12:00:00.000Z");
  });

  it("an API key that expired yesterday is refused; one that expires tomorrow works", async () => {
    const owner = await keyOwner(t.db);
    const real = Date.now();
    const expired = await createApiKey(
      t.db,
      owner,
      { name: "expired", scopes: ["read"], expiresAt: new Date(real - day).toISOString() },
      { at: new Date(real - 2 * day) },
    );
    const valid = await createApiKey(t.db, owner, {
      name: "valid",
      scopes: ["read"],
      expiresAt: new Date(real + day).toISOString(),
    });
    expect(await read(expired.key)).toBe(401);
    expect(await read(valid.key)).toBe(200);
  });

  it("a refusal is counted in a window of the real clock", async () => {
    const owner = await keyOwner(t.db, "counted@example.com");
    const ingestOnly = await createApiKey(t.db, owner, { name: "ingest", scopes: ["ingest"] });
    expect(await read(ingestOnly.key)).toBe(403); // refused, and the refusal counted
    const [refusals] = await t.db
      .select()
      .from(rateLimits)
      .where(like(rateLimits.key, "refused:%"));
    // A window that ended long ago would be cleared by the next sign-in's tidy-up, and with it
    // the cap on how many refusals are audited.
    expect(refusals?.expiresAt.getTime()).toBeGreaterThan(Date.now());
  });
});
