/** A page's search params as Next hands them: a repeated key comes as an array. */
export type RawSearchParams = Record<string, string | string[] | undefined>;

/**
 * One value per key for a page's filters: the first of a repeated key, and an empty value as
 * absent. Pages validate the result with their filter's schema.
 */
export function singleValues(raw: RawSearchParams): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(raw).map(([k, v]) => [k, (Array.isArray(v) ? v[0] : v) || undefined]),
  );
}
