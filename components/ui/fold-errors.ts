import type { FieldErrors } from "./field";

/**
 * A form's errors by the field that shows them: an item's (`segmentCategories.0`) under its
 * list's field, and those of `formLevel` fields the reader cannot see (a hidden version) as the
 * whole form's.
 */
export function foldFieldErrors(
  errors: FieldErrors,
  formLevel: readonly string[],
): Record<string, string[]> {
  const folded: Record<string, string[]> = {};
  for (const [key, messages] of Object.entries(errors)) {
    const top = key.split(".")[0]!;
    const name = formLevel.includes(top) ? "form" : top;
    folded[name] = [...(folded[name] ?? []), ...(messages ?? [])];
  }
  return folded;
}
