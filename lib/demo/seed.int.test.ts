/**
 * The demo is seeded whole or not at all: a first start stopped part-way (Ctrl-C while it
 * seeds) used to leave the accounts without the rest, and the next start, finding accounts,
 * never seeded again.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/tests/database";
import { isEmpty, seedDemo } from ".";
import * as laws from "./laws";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.drop());

describe("the demo seed", () => {
  it("leaves nothing when it stops part-way, and seeds whole on the next start", async () => {
    const stopped = vi.spyOn(laws, "seedLaws").mockRejectedValueOnce(new Error("stopped"));
    await expect(seedDemo(t.db, { subjects: 50 })).rejects.toThrow("stopped");
    stopped.mockRestore();
    expect(await isEmpty(t.db)).toBe(true);
    const report = await seedDemo(t.db, { subjects: 50 });
    expect(report.users).toHaveLength(3);
    expect(report.consentEvents).toBeGreaterThan(0);
    expect(await isEmpty(t.db)).toBe(false);
  });
});
