/**
 * Workers that start together take turns at the migrations (an advisory lock). A worker waits
 * for the one migrating however long its work takes, also where the database's role or the
 * database itself limits how long a statement may run (`statement_timeout`, common on managed
 * servers), which would otherwise fail the waiting worker's start.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminUrl, createTestDatabase, testDriver, type TestDatabase } from "@/tests/database";
import { openDatabase } from "./connect";
import { migrateDatabase } from "./migrate";

describe.runIf(testDriver === "postgres")("migrations beside a slow start", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t?.drop());

  it("wait for the migrating worker past a statement_timeout the database sets", async () => {
    const name = new URL(t.url!).pathname.slice(1);
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`alter database ${name} set statement_timeout = '300ms'`);
    await admin.end();
    // Another worker holds the migration lock for a second: its upgrade of stored data.
    let finished = false;
    let migrating!: () => void;
    const holding = new Promise<void>((resolve) => (migrating = resolve));
    const first = await openDatabase({ driver: "postgres", url: t.url!, max: 1 });
    const other = migrateDatabase(first, t.url!, async () => {
      migrating();
      await sleep(1_000);
      finished = true;
    });
    await holding;
    const waiter = await openDatabase({ driver: "postgres", url: t.url!, max: 1 });
    try {
      await migrateDatabase(waiter, t.url!, async () => {
        expect(finished).toBe(true); // it took its turn after the other
      });
    } finally {
      await waiter.close();
    }
    await other;
    await first.close();
  });

  it("does start-up's long work past the database's time limits, leaving the app's own in force", async () => {
    const fresh = await createTestDatabase();
    const name = new URL(fresh.url!).pathname.slice(1);
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`alter database ${name} set statement_timeout = '200ms'`);
    await admin.unsafe(`alter database ${name} set idle_session_timeout = '300ms'`);
    await admin.end();
    const app = await openDatabase({ driver: "postgres", url: fresh.url!, max: 1 });
    try {
      await migrateDatabase(app, fresh.url!, async (db) => {
        // A rework's statement longer than the database allows one…
        await db.execute(sql`select pg_sleep(0.5)`);
        // …and the lock's session idle longer than the server keeps an idle one.
        await sleep(600);
      });
      // The app's requests keep the limit the database set.
      const cut = await app.db.execute(sql`select pg_sleep(0.5)`).catch((e: unknown) => e);
      expect(String((cut as { cause?: unknown }).cause ?? cut)).toMatch(/statement timeout/);
    } finally {
      await app.close();
      await fresh.drop();
    }
  });
});
