/**
 * The fields whose saved value differs from what an editor submitted, in `fields`' order: after
 * a conflict, a form shows the other person's values for these beside the editor's own input.
 * Lists compare as sets; texts compare trimmed; an empty text, null and a missing value are
 * alike. Shared by server actions and client forms, so it imports nothing.
 */
export function formDifferences<F extends string>(
  fields: readonly F[],
  saved: Partial<Record<F, unknown>>,
  submitted: Partial<Record<string, unknown>>,
): F[] {
  const comparable = (value: unknown) =>
    Array.isArray(value)
      ? value.map(String).sort().join("\n")
      : value === null || value === undefined
        ? ""
        : String(value).trim();
  return fields.filter((f) => comparable(saved[f]) !== comparable(submitted[f]));
}
