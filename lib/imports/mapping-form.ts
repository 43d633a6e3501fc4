import { said, type Said } from "./said";

/**
 * The column mapping as the import page's forms carry it: one select per file column, named
 * `c<index>`, whose value is the field that column fills (empty: ignored). The mapping itself is
 * field → column name, as the import stores it.
 */
export function mappingFromForm(
  form: FormData | URLSearchParams,
  header?: string[],
): Record<string, string> {
  const columns = header ?? JSON.parse(String(form.get("header") ?? "[]"));
  const mapping: Record<string, string> = {};
  (columns as string[]).forEach((column, i) => {
    const field = String(form.get(`c${i}`) ?? "").trim();
    if (field) mapping[field] = column;
  });
  return mapping;
}

/**
 * Problems of a mapping the forms can produce but the import cannot tell: a field chosen twice,
 * and a field chosen for a column without a name (the mapping names columns, so it would be
 * dropped without a word).
 */
export function mappingConflicts(form: FormData | URLSearchParams, header: string[]): Said[] {
  const seen = new Map<string, string>();
  const problems: Said[] = [];
  header.forEach((column, i) => {
    const field = String(form.get(`c${i}`) ?? "").trim();
    if (!field) return;
    if (column.trim() === "") {
      problems.push(said("unnamedColumnChosen", { field, column: i + 1 }));
      return;
    }
    const first = seen.get(field);
    if (first !== undefined) problems.push(said("chosenTwice", { field, first, second: column }));
    else seen.set(field, column);
  });
  return problems;
}
