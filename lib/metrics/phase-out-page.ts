import "server-only";
/**
 * The simulator as /sources reads it from its address: the form's checkboxes send `retire` once
 * per source, the API takes one comma-separated value; both end in the same filter. A key the
 * filter refuses, or a source that does not exist, is named above the form, and the simulation
 * runs on the rest (every active third-party source when nothing valid is left).
 */
import type { Db } from "@/db/connect";
import { parseFilter, type FilterIssue } from "@/lib/filters/core";
import { phaseOutFilter } from "@/lib/filters/phase-out";
import { listSources, sourceStatus } from "@/lib/sources";
import { getPhaseOut, unknownSources } from "./phase-out";

export async function simulatePhaseOut(
  db: Db,
  retire: string | string[] | undefined,
  today: string,
) {
  const given = Array.isArray(retire) ? retire.join(",") : retire;
  const parsed = parseFilter(phaseOutFilter, { retire: given }, today);
  const issues: FilterIssue[] = [...parsed.issues];
  const sources = await listSources(db, {}, today);
  const known = new Set(sources.map((s) => s.key));
  const keys = parsed.values.retire?.filter((k) => known.has(k));
  issues.push(...unknownSources(parsed.values.retire ?? [], known));
  const result = await getPhaseOut(db, keys?.length ? keys : undefined, today);
  const chosen = new Set(result.retire);
  const choices = sources
    .filter((s) => chosen.has(s.key) || sourceStatus(s, today) === "active")
    .map((s) => ({ key: s.key, name: s.name, party: s.party }));
  return { result, choices, issues };
}
