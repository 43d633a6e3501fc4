import type { RawSearchParams } from "@/lib/search-params";

/**
 * The address's parameters that `keep` accepts, as hidden fields: a GET form on a page with
 * more than one (a table's search, the sources' inventory and phase-out) then changes its own
 * and leaves the others as they were.
 */
export function HiddenParams({
  params,
  keep,
}: {
  params: RawSearchParams;
  keep: (key: string) => boolean;
}) {
  return Object.entries(params).flatMap(([key, value]) =>
    keep(key)
      ? [value ?? []]
          .flat()
          .map((v, i) => <input key={`${key}-${i}`} type="hidden" name={key} value={v} />)
      : [],
  );
}
