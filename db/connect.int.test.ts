/**
 * The health check's ping (GET /api/health, lib/health) on both databases: a load balancer asks
 * it while the instance is busy, and a busy instance is not a dead one.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testDriver, type TestDatabase } from "@/tests/database";
import { openDatabase, PGLITE_BUSY_AFTER_MS, type DatabaseHandle } from "./connect";

/**
 * Holds `count` of a database's connections in open transactions until `release` is called;
 * resolves once all of them hold theirs.
 */
async function holdConnections(handle: DatabaseHandle, count = 1) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let started = 0;
  const held = Array.from({ length: count }, () =>
    handle.db.transaction(async (tx) => {
      await tx.execute(sql`select 1`);
      started += 1;
      await released;
    }),
  );
  while (started < count) await sleep(10);
  return async () => {
    release();
    await Promise.all(held);
  };
}

describe.runIf(testDriver === "postgres")("the database's ping", () => {
  let t: TestDatabase;
  let handle: DatabaseHandle;
  beforeAll(async () => {
    t = await createTestDatabase();
    handle = await openDatabase({ driver: "postgres", url: t.url!, max: 2 });
  });
  afterAll(async () => {
    await handle?.close();
    await t?.drop();
  });

  it("answers while every pooled connection is busy, on a connection of its own", async () => {
    const release = await holdConnections(handle, 2);
    try {
      const answered = await Promise.race([
        handle.ping().then(() => "answered"),
        sleep(1_000).then(() => "waited for the pool"),
      ]);
      expect(answered).toBe("answered");
    } finally {
      await release();
    }
  });

  it("closes its own connection with the pool", async () => {
    const other = await openDatabase({ driver: "postgres", url: t.url!, max: 1 });
    await other.db.execute(sql`select 1`);
    await other.ping();
    const probe = postgres(t.url!, { max: 1, onnotice: () => {} });
    const count = async () =>
      Number(
        (
          await probe<{ n: string }[]>`
            select count(*)::text as n from pg_stat_activity where datname = current_database()`
        )[0]!.n,
      );
    const before = await count();
    await other.close();
    // A backend leaves pg_stat_activity a moment after its client hung up.
    for (let waited = 0; waited < 2_000 && (await count()) > before - 2; waited += 50) {
      await sleep(50);
    }
    expect(await count()).toBe(before - 2);
    await probe.end();
  });
});

describe.runIf(testDriver === "pglite")("the embedded database's ping", () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openDatabase({ driver: "pglite", dir: "memory://" });
  });
  afterAll(() => handle?.close());

  it("answers while a long transaction holds the one connection, within the health check's wait", async () => {
    const release = await holdConnections(handle);
    try {
      const began = performance.now();
      const answered = await Promise.race([
        handle.ping().then(() => "answered"),
        // lib/health gives a ping two seconds
        sleep(2_000).then(() => "timed out"),
      ]);
      expect(answered).toBe("answered");
      expect(performance.now() - began).toBeGreaterThanOrEqual(PGLITE_BUSY_AFTER_MS - 50);
    } finally {
      await release();
    }
    // Idle, it answers at once.
    const began = performance.now();
    await handle.ping();
    expect(performance.now() - began).toBeLessThan(PGLITE_BUSY_AFTER_MS);
  });

  it("calls it hung once no ping has been answered for its limit, and up again when it answers", async () => {
    const other = await openDatabase({ driver: "pglite", dir: "memory://", hungAfterMs: 1_500 });
    const release = await holdConnections(other);
    try {
      await other.ping(); // busy: answered after its wait
      await sleep(1_000);
      await expect(other.ping()).rejects.toThrow(/has not answered for \d+ s/);
    } finally {
      await release();
    }
    await other.ping();
    await other.ping(); // the first ping's answer cleared the wait: not hung any more
    await other.close();
  });

  it("rejects once the database is closed", async () => {
    const other = await openDatabase({ driver: "pglite", dir: "memory://" });
    await other.ping();
    await other.close();
    await expect(other.ping()).rejects.toThrow(/closed/);
  });
});
