import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { testDriver } from "@/tests/database";
import { openDatabase, type DatabaseHandle } from "./connect";
import { migrateDatabase } from "./migrate";
import { users } from "./schema";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "..");
const handles: DatabaseHandle[] = [];
afterAll(async () => {
  for (const h of handles) await h.close();
});

// The embedded folder belongs to one process. This runs the real `npm run seed` script in a
// second process against a folder this test process holds open.
describe.runIf(testDriver === "pglite")("embedded database lock", () => {
  it("refuses a second process on the same folder, naming folder and holder, and loses nothing", async () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "fp-embedded-")), "pglite");
    const handle = await openDatabase({ driver: "pglite", dir });
    handles.push(handle);
    await migrateDatabase(handle);
    await handle.db.insert(users).values({ email: "kept@example.com", role: "admin" });

    const child = await run(
      path.join(root, "node_modules/.bin/tsx"),
      ["--conditions=react-server", "scripts/seed.ts"],
      { cwd: root, env: { ...process.env, PGLITE_DIR: dir, DATABASE_URL: "" } },
    ).then(
      () => ({ code: 0, stderr: "" }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(child.code).toBe(1);
    expect(child.stderr).toContain(
      `The embedded database at ${dir} is in use by process ${process.pid}`,
    );

    const rows = await handle.db.select({ email: users.email }).from(users);
    expect(rows).toEqual([{ email: "kept@example.com" }]);
    await handle.db.execute(sql`select 1`);
  }, 60_000);
});
