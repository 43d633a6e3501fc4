/** What the benchmarks set up in their database before they measure. */
import type { Db } from "@/db/connect";
import * as schema from "@/db/schema";
import { createApiKey } from "@/lib/api-keys";
import type { Actor } from "@/lib/audit/record";

/**
 * An admin (so the server does not take the database for an empty one and seed it) and the
 * two API keys a benchmark calls with: one to read, one to ingest.
 */
export async function benchKeys(db: Db, system: Actor) {
  const [owner] = await db
    .insert(schema.users)
    .values({ email: "bench@example.com", role: "admin" })
    .returning();
  const ownerId = owner!.id;
  const key = async (scope: "read" | "ingest") =>
    (await createApiKey(db, system, { name: `bench ${scope}`, scopes: [scope] }, { ownerId })).key;
  return { readKey: await key("read"), ingestKey: await key("ingest") };
}
