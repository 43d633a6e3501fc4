/**
 * A job's heartbeat is judged stale by the database's clock, so it is written by it too: an
 * instance whose own clock runs behind the database's must not look silent the moment it claims
 * a job, and have it taken over by every other instance (each takeover costing an attempt).
 * PostgreSQL only: PGlite's clock is the process's own.
 */
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { jobs } from "@/db/schema";
import { createTestDatabase, testDriver, type TestDatabase } from "@/tests/database";
import { claimJob } from "./jobs";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.drop());
afterEach(() => {
  vi.useRealTimers();
});

describe.runIf(testDriver === "postgres")("jobs on an instance whose clock runs behind", () => {
  it("a job just claimed is not claimable by another instance", async () => {
    const [job] = await t.db.insert(jobs).values({ kind: "test" }).returning();
    // This instance's clock is two minutes behind the database's.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() - 120_000 });
    const mine = await claimJob(t.db, job!.id);
    expect(mine?.status).toBe("running");
    vi.useRealTimers();
    expect(await claimJob(t.db, job!.id)).toBeUndefined();
    const [row] = await t.db.select().from(jobs).where(eq(jobs.id, job!.id));
    expect((row!.detail as { attempts: number }).attempts).toBe(1);
  });
});
