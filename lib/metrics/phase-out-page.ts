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
import { parseAsKey } from "@/lib/filters/parsers";
import { listSources, sourceStatus } from "@/lib/sources";
import { getPhaseOut, unknownSources } from "./phase-out";

export async function simulatePhaseOut(
  db: Db,
  retire: string | string[] | undefined,
  today: string,
) {
  const given = [retire ?? []]
    .flat()
    .flatMap((v) => v.split(","))
    .map((k) => k.trim())
    .filter((k) => k !== "");
  const issues: FilterIssue[] = given
    .filter((k) => parseAsKey.parse(k) === null)
    .map((k) => ({
      path: "retire",
      message: `"${k.slice(0, 64)}" is not a source key (lowercase letters, digits, single - or _)`,
    }));
  const wellFormed = given.filter((k) => parseAsKey.parse(k) !== null);
  const sources = await listSources(db, {}, today);
  const known = new Set(sources.map((s) => s.key));
  issues.push(...unknownSources(wellFormed, known));
  const keys = wellFormed.filter((k) => known.has(k));
  const result = await getPhaseOut(db, keys.length ? keys : undefined, today);
  const chosen = new Set(result.retire);
  const choices = sources
    .filter((s) => chosen.has(s.key) || sourceStatus(s, today) === "active")
    .map((s) => ({ key: s.key, name: s.name, party: s.party }));
  return { result, choices, issues };
}
