/** An active purpose for tests that need one to record consent against. */
import { createPurpose, getPurposeRow } from "@/lib/purposes";
import type { Db } from "@/db/connect";
import { system } from "./actors";

/**
 * Creates an active purpose `key` (legal basis contract unless `over` says otherwise, versioned
 * from 2026-01-01, so any later event is on its first version); its key and id.
 */
export async function activePurpose(
  db: Db,
  key: string,
  over: Record<string, unknown> = {},
): Promise<{ key: string; id: string }> {
  await createPurpose(
    db,
    system,
    {
      key,
      name: key,
      functionalArea: "marketing",
      legalBasis: "contract",
      retentionDays: 30,
      status: "active",
      ...over,
    },
    new Date("2026-01-01T00:00:00Z"),
  );
  return { key, id: (await getPurposeRow(db, key))!.id };
}
