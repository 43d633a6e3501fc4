/** Reads audit filters from a query string; invalid fields are dropped and reported by name. */
import { auditFilterSchema, type AuditFilter } from "./query";

export function auditFilterFromParams(params: URLSearchParams): {
  filter: AuditFilter;
  invalid: string[];
} {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(auditFilterSchema.shape)) {
    const value = params.get(key)?.trim();
    if (value) raw[key] = value;
  }
  const result = auditFilterSchema.safeParse(raw);
  if (result.success) return { filter: result.data, invalid: [] };
  const invalid = [...new Set(result.error.issues.map((i) => String(i.path[0])))];
  for (const key of invalid) delete raw[key];
  return { filter: auditFilterSchema.parse(raw), invalid };
}
