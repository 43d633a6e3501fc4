/**
 * A profile's source set: the (attribute, source) pairs of its attributes, each by its number in
 * source_set_entries, ascending and comma-separated (`3,7,12`; empty without attributes).
 * profile_source_sets counts profiles per set; migration 0019 and `rebuildProfileRollups` build
 * the same text in SQL (`string_agg(id::text, ',' order by id)`), so the two always agree.
 */

export type SourcedAttribute = { group: string; name: string; sourceId: string | null };

/** One pair as a map key: `group.name=sourceId` (nothing after `=` without a source). */
export const entryKey = (a: SourcedAttribute) => `${a.group}.${a.name}=${a.sourceId ?? ""}`;

/** The set of `attributes`, given each pair's number (from `sourceSetEntryIds`). */
export function sourceSignature(
  attributes: Iterable<SourcedAttribute>,
  ids: ReadonlyMap<string, number>,
): string {
  return [...attributes]
    .map((a) => {
      const id = ids.get(entryKey(a));
      if (id === undefined) throw new Error(`No number for ${entryKey(a)}`);
      return id;
    })
    .sort((a, b) => a - b)
    .join(",");
}

/** The numbers of a set. */
export function parseSignature(signature: string): number[] {
  return signature === "" ? [] : signature.split(",").map(Number);
}
