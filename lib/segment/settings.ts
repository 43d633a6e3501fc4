import "server-only";
/** Saving the Segment source's mapping: validated, with its audit event, in one transaction. */
import { eq } from "drizzle-orm";
import type { Db } from "@/db/connect";
import { dataSources } from "@/db/schema";
import type { Actor } from "@/lib/audit/record";
import { RuleError } from "@/lib/errors";
import { saveSetting } from "@/lib/settings";
import { SEGMENT_SETTING, segmentMappingSchema, type SegmentMapping } from "./config";

export async function saveSegmentMapping(
  db: Db,
  actor: Actor,
  input: unknown,
): Promise<SegmentMapping> {
  const mapping = segmentMappingSchema.parse(input);
  if (mapping.source) {
    const [known] = await db
      .select({ id: dataSources.id })
      .from(dataSources)
      .where(eq(dataSources.key, mapping.source));
    if (!known)
      throw new RuleError("Unknown data source", [
        { path: "source", message: "validation.sourceUnknown" },
      ]);
  }
  return saveSetting(db, actor, {
    key: SEGMENT_SETTING,
    value: mapping,
    action: "segment.mapping_update",
  });
}
