/**
 * A fresh, migrated database for one integration test file, on the driver the vitest project
 * names (TEST_DRIVER): PGlite in memory, or a new database on the PostgreSQL server at
 * TEST_DATABASE_URL (default 127.0.0.1:5432), dropped again afterwards.
 */
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { openDatabase, type DatabaseHandle, type Driver } from "@/db/connect";
import { migrateDatabase } from "@/db/migrate";

export const testDriver: Driver = process.env.TEST_DRIVER === "postgres" ? "postgres" : "pglite";
export const adminUrl =
  process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export type TestDatabase = DatabaseHandle & { url?: string; drop: () => Promise<void> };

/**
 * `collation: "icu-en"` (PostgreSQL only) creates the database with ICU's English collation as
 * its default, as many servers are set up (text sorts `a` before `B`), instead of the server's.
 * `app: true` makes it the app's own database too (the handle lib/database gives route handlers
 * and pages), for tests that call a route as the app would, until it is dropped.
 */
export async function createTestDatabase(
  options: { collation?: "icu-en"; app?: boolean } = {},
): Promise<TestDatabase> {
  const t = await freshDatabase(options);
  if (!options.app) return t;
  const holder = globalThis as unknown as { firstpartyDb?: Promise<DatabaseHandle> };
  holder.firstpartyDb = Promise.resolve(t);
  return {
    ...t,
    drop: async () => {
      delete holder.firstpartyDb;
      await t.drop();
    },
  };
}

async function freshDatabase(options: { collation?: "icu-en" }): Promise<TestDatabase> {
  if (testDriver === "pglite") {
    const handle = await openDatabase({ driver: "pglite", dir: "memory://" });
    await migrateDatabase(handle);
    return { ...handle, drop: () => handle.close() };
  }
  const name = `firstparty_test_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(
    options.collation === "icu-en"
      ? `create database ${name} template template0 locale_provider icu icu_locale 'en-US' locale 'C.UTF-8'`
      : `create database ${name}`,
  );
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ driver: "postgres", url: url.toString(), max: 5 });
  await migrateDatabase(handle, url.toString());
  return {
    ...handle,
    url: url.toString(),
    drop: async () => {
      await handle.close();
      const again = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await again.unsafe(`drop database if exists ${name} with (force)`);
      await again.end();
    },
  };
}

/** The messages of an error and its causes (drizzle wraps driver errors in "Failed query"). */
export function errorChain(error: unknown): string {
  const parts: string[] = [];
  for (let e = error, i = 0; e && i < 5; i++) {
    parts.push(String((e as Error).message ?? e));
    e = (e as { cause?: unknown }).cause;
  }
  return parts.join(" ← ");
}

/** Resolves when `promise` rejects with an error (or cause) matching `pattern`. */
export async function expectRejection(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  if (caught === undefined)
    throw new Error(`expected a rejection matching ${pattern}, but it resolved`);
  const text = errorChain(caught);
  if (!pattern.test(text))
    throw new Error(`expected a rejection matching ${pattern}, got: ${text}`);
}
