import "server-only";
/**
 * Whether this instance runs in demo mode, for the notice every page shows: a fact about the
 * instance, not about anyone, so it reads the database without a guard — and, like dashboard
 * figures, once for all users (lib/figures-cache), not once per page.
 */
import { getDb } from "@/lib/database";
import { cachedFigures } from "@/lib/figures-cache";
import { demoAccountsEnabled } from "./index";

export async function isDemoInstance(): Promise<boolean> {
  const db = await getDb();
  return (await cachedFigures(db, "demo-instance", () => demoAccountsEnabled(db))).value;
}
