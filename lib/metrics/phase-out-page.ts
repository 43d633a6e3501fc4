import "server-only";
/**
 * The simulator as /sources reads it from its address: the form's checkboxes send `retire` once
 * per source, a shared link may carry the API's one comma-separated value. Each key is read on
 * its own (the API refuses the whole list instead): one that is not a key, or names no source,
 * is named above the form, and the simulation runs on the rest (every active third-party source
 * when nothing valid is left).
 */
import type { Db } from "@/db/connect";
import type { FilterIssue } from "@/lib/filters/core";
import { filterSaid } from "@/lib/filters/said";
import { parseAsKey } from "@/lib/filters/parsers";
import { listSources, sourceStatus } from "@/lib/sources";
import { getPhaseOut, unknownSources } from "./phase-out";

/** As many keys as the API takes in one `retire`; more than the inventory could sensibly hold. */
export const MAX_RETIRE_KEYS = 100;

/**
 * The address's `retire` values as the simulation takes them: the well-formed keys, once each
 * and sorted (so the same choice is the same simulation, and the shared figures' key stays
 * small), and an issue for each value that is not a key. Values past the first
 * MAX_RETIRE_KEYS are left out, with one issue saying so.
 */
export function retireFromAddress(retire: string | string[] | undefined): {
  keys: string[];
  issues: FilterIssue[];
} {
  const given = [retire ?? []]
    .flat()
    .flatMap((v) => v.split(","))
    .map((k) => k.trim())
    .filter((k) => k !== "");
  const read = given.slice(0, MAX_RETIRE_KEYS);
  const issues: FilterIssue[] = read
    .filter((k) => parseAsKey.parse(k) === null)
    .map((k) => ({ path: "retire", said: filterSaid("notSourceKey", { key: k.slice(0, 64) }) }));
  if (given.length > read.length)
    issues.push({
      path: "retire",
      said: filterSaid("tooManySourceKeys", {
        max: MAX_RETIRE_KEYS,
        left: given.length - read.length,
      }),
    });
  const keys = [...new Set(read.filter((k) => parseAsKey.parse(k) !== null))].sort();
  return { keys, issues };
}

/** The simulation for well-formed `keys` (from `retireFromAddress`); keys naming no source are issues. */
export async function simulatePhaseOut(db: Db, keys: readonly string[], today: string) {
  const sources = await listSources(db, {}, today);
  const known = new Set(sources.map((s) => s.key));
  const issues: FilterIssue[] = unknownSources(keys, known);
  const valid = keys.filter((k) => known.has(k));
  const result = await getPhaseOut(db, valid.length ? valid : undefined, today);
  const chosen = new Set(result.retire);
  const choices = sources
    .filter((s) => chosen.has(s.key) || sourceStatus(s, today) === "active")
    .map((s) => ({ key: s.key, name: s.name, party: s.party }));
  return { result, choices, issues };
}
