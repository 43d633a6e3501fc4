import "server-only";
/**
 * The secret that signs session JWTs. NEXTAUTH_SECRET when set; otherwise, for the embedded
 * quick start, a random one kept in the data folder; otherwise (PostgreSQL outside production)
 * one kept in the settings table, so every instance on that database shares it.
 */
import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/connect";
import { settings } from "@/db/schema";
import type { Env } from "@/lib/env";

export function secretFilePath(pgliteDir: string): string {
  return path.join(path.dirname(pgliteDir), "nextauth-secret");
}

export async function resolveAuthSecret(config: Env, handle: DatabaseHandle): Promise<string> {
  if (config.nextAuthSecret) return config.nextAuthSecret;
  if (handle.driver === "pglite") {
    const file = secretFilePath(config.pgliteDir);
    try {
      return fs.readFileSync(file, "utf8").trim();
    } catch {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const secret = randomBytes(32).toString("base64url");
      fs.writeFileSync(file, secret, { mode: 0o600 });
      return secret;
    }
  }
  const candidate = randomBytes(32).toString("base64url");
  await handle.db
    .insert(settings)
    .values({ key: "auth_secret", value: candidate })
    .onConflictDoNothing();
  const [row] = await handle.db.select().from(settings).where(eq(settings.key, "auth_secret"));
  return String(row?.value ?? candidate);
}
