/**
 * Demo data for an empty database: the three demo accounts of DESIGN.md and an ingest API key.
 * Later capabilities add their catalogs and synthetic customers here. Deterministic apart from
 * the API key, which is random and printed once.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/connect";
import { users } from "@/db/schema";
import { createApiKey } from "@/lib/api-keys";
import { inviteUser } from "@/lib/users";

export const DEMO_PASSWORD = "firstparty-demo";
export const demoUsers = [
  { email: "admin@firstparty.demo", name: "Ada Admin", role: "admin" },
  { email: "privacy@firstparty.demo", name: "Priya Privacy", role: "privacy" },
  { email: "marketing@firstparty.demo", name: "Mark Marketing", role: "marketing" },
] as const;

export type SeedReport = { users: string[]; password: string; ingestKey: string };

export async function isEmpty(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  return (row?.n ?? 0) === 0;
}

export async function seedDemo(db: Db): Promise<SeedReport> {
  const system = { type: "system", label: "seed" } as const;
  for (const user of demoUsers) {
    await inviteUser(db, system, user, { password: DEMO_PASSWORD });
  }
  const { key } = await createApiKey(db, system, { name: "Demo ingest key", scopes: ["ingest"] });
  return {
    users: demoUsers.map((u) => `${u.email} (${u.role})`),
    password: DEMO_PASSWORD,
    ingestKey: key,
  };
}

export function formatSeedReport(report: SeedReport): string {
  return [
    "Firstparty demo data seeded. Sign in with any of:",
    ...report.users.map((u) => `  ${u}`),
    `  password: ${report.password}`,
    `Demo ingest API key (shown only now): ${report.ingestKey}`,
  ].join("\n");
}
