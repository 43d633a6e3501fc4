/** The owner of the API keys a test makes: an enabled admin with a row, as every key has one. */
import type { Db } from "@/db/connect";
import { users } from "@/db/schema";
import type { Actor } from "@/lib/audit/record";

export async function keyOwner(db: Db, email = "owner@example.com"): Promise<Actor> {
  const [owner] = await db.insert(users).values({ email, role: "admin" }).returning();
  return { type: "user", id: owner!.id, label: owner!.email, role: "admin" };
}
