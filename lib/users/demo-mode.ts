import "server-only";
/**
 * Whether this instance runs in demo mode, for the notice every page shows: a fact about the
 * instance, not about anyone, so it reads the database without a guard.
 */
import { getDb } from "@/lib/database";
import { demoAccountsEnabled } from "./index";

export async function isDemoInstance(): Promise<boolean> {
  return demoAccountsEnabled(await getDb());
}
