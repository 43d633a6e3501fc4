/**
 * A profile's source set: each attribute it holds with the source that supplied it, as one text
 * (`group.name=sourceId` entries, nothing after `=` for an attribute given without a source,
 * sorted in code-unit order and comma-separated). profile_source_sets counts profiles per set;
 * migration 0019 and `rebuildProfileRollups` build the same text in SQL (`collate "C"` sorts as
 * code units do, and every part is ASCII: group and name are slugs, the source a uuid).
 */

export type SourcedAttribute = { group: string; name: string; sourceId: string | null };

export function sourceSignature(attributes: Iterable<SourcedAttribute>): string {
  return [...attributes]
    .map((a) => `${a.group}.${a.name}=${a.sourceId ?? ""}`)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .join(",");
}

export function parseSignature(signature: string): SourcedAttribute[] {
  if (signature === "") return [];
  return signature.split(",").map((entry) => {
    const eq = entry.indexOf("=");
    const dot = entry.indexOf(".");
    const sourceId = entry.slice(eq + 1);
    return {
      group: entry.slice(0, dot),
      name: entry.slice(dot + 1, eq),
      sourceId: sourceId === "" ? null : sourceId,
    };
  });
}
