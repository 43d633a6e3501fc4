/**
 * `npm run db:migrate` ahead of a start does what start-up does after the migrations: on a
 * database holding data from before an upgrade's rework (identifiers not normalized, persons not
 * formed), the command does the rework, so the start finds it done (PGlite and PostgreSQL).
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { eq, inArray, isNull, sql } from "drizzle-orm";
import { afterAll, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "@/db/connect";
import { migrateDatabase } from "@/db/migrate";
import { profileIdentifiers, profiles, settings } from "@/db/schema";
import { upsertProfiles } from "@/lib/profiles/ingest";
import { feeder } from "@/tests/actors";
import { createTestDatabase, testDriver, type TestDatabase } from "@/tests/database";

const run = promisify(execFile);
const reworks = ["identifiers.normalizationVersion", "identity.resolutionVersion"];
const folder = fs.mkdtempSync(path.join(os.tmpdir(), "firstparty-migrate-"));
let server: TestDatabase | undefined;
let reopened: DatabaseHandle | undefined;

afterAll(async () => {
  await server?.drop();
  await reopened?.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

/** The database the command will open: a new PostgreSQL database, or an embedded folder. */
async function open(): Promise<{ handle: DatabaseHandle; env: Record<string, string> }> {
  if (testDriver === "postgres") {
    server = await createTestDatabase();
    return { handle: server, env: { DATABASE_URL: server.url! } };
  }
  const handle = await openDatabase({ driver: "pglite", dir: folder });
  await migrateDatabase(handle);
  return { handle, env: { DATABASE_URL: "", PGLITE_DIR: folder } };
}

it("does the one-time reworks of stored data that start-up would do", async () => {
  const { handle, env } = await open();
  await upsertProfiles(handle.db, feeder, [
    { subjectId: "s-1", region: "DE", identifiers: { email: " Ada@Example.com" }, attributes: [] },
    { subjectId: "s-2", region: "FR", identifiers: { email: "ada@example.com" }, attributes: [] },
  ]);
  // As a database upgraded from before the reworks holds it (migration 0017 makes every
  // profile its own person, with no persons rows yet).
  await handle.db.execute(sql`update profile_identifiers set normalized = null`);
  await handle.db.execute(sql`update profiles set person_id = subject_id`);
  await handle.db.execute(sql`delete from persons where true`);
  await handle.db.delete(settings).where(inArray(settings.key, reworks));
  if (testDriver === "pglite") await handle.close(); // one process at a time

  const { stdout } = await run("npx", ["tsx", "--conditions=react-server", "scripts/migrate.ts"], {
    env: { ...process.env, ...env },
  });
  expect(stdout).toContain("Identifiers normalized: 2.");
  expect(stdout).toContain("Persons formed again from all profiles.");

  if (testDriver === "pglite") reopened = await openDatabase({ driver: "pglite", dir: folder });
  const db = (reopened ?? handle).db;
  expect(
    await db.select().from(profileIdentifiers).where(isNull(profileIdentifiers.normalized)),
  ).toEqual([]);
  const done = await db.select().from(settings).where(inArray(settings.key, reworks));
  expect(done.map((s) => s.key).sort()).toEqual(reworks);
  // The two profiles share an address: one person joins them.
  const [one] = await db.select().from(profiles).where(eq(profiles.subjectId, "s-1"));
  const [two] = await db.select().from(profiles).where(eq(profiles.subjectId, "s-2"));
  expect(one!.personId).toBe("s-1");
  expect(two!.personId).toBe("s-1");
}, 120_000);
