/**
 * The preference page's route, called as the server calls it: an address that tried too many
 * links that do not exist learns nothing more, not even from a link that works.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/connect";
import { CLIENT_ADDRESS_HEADER } from "@/lib/auth/client-address";
import { feeder } from "@/tests/actors";
import { createTestDatabase, type TestDatabase } from "@/tests/database";
import { GET } from "@/app/preferences/[token]/route";
import { createPreferenceLink } from "./links";

let t: TestDatabase;
const holder = globalThis as unknown as { firstpartyDb?: Promise<DatabaseHandle> };

beforeAll(async () => {
  t = await createTestDatabase();
  holder.firstpartyDb = Promise.resolve(t);
});
afterAll(async () => {
  delete holder.firstpartyDb;
  await t?.drop();
});

/** Opens /preferences/<token> from `address`; the answer's status. */
async function open(token: string, address: string): Promise<number> {
  const request = new Request(`https://fp.example.org/preferences/${token}`, {
    headers: { [CLIENT_ADDRESS_HEADER]: address },
  });
  const response = await GET(request, { params: Promise.resolve({ token }) });
  return response.status;
}

/** A token no link has: 43 characters of base64url, as a real one. */
const forged = (i: number) => `forged${String(i).padStart(37, "0")}`;

describe("a scan for preference links", () => {
  it("is answered 429 for every link once an address has tried 30 that do not exist", async () => {
    const { url } = await createPreferenceLink(
      t.db,
      feeder,
      { subjectId: "scanned-1", expiresInDays: 30 },
      { origin: "https://fp.example.org", now: new Date() },
    );
    const working = url.split("/").pop()!;
    expect(await open(working, "198.51.100.7")).toBe(200);

    const misses: number[] = [];
    for (let i = 0; i < 30; i++) misses.push(await open(forged(i), "198.51.100.7"));
    expect(new Set(misses)).toEqual(new Set([404]));
    // The working link no longer stands out from the forged ones.
    expect(await open(forged(30), "198.51.100.7")).toBe(429);
    expect(await open(working, "198.51.100.7")).toBe(429);
    // Another address is not held up.
    expect(await open(working, "203.0.113.9")).toBe(200);
  }, 60_000);
});
