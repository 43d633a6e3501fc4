/**
 * Reads audit filters from a query string; invalid fields are dropped and reported by name and
 * with an English message each. Dates are bounded as every date filter is (lib/date-range).
 */
import { isoDay, now } from "@/lib/clock";
import { dateRangeIssues } from "@/lib/date-range";
import type { Issue } from "@/lib/errors";
import { englishMessage } from "@/lib/validation-messages";
import { auditFilterSchema, type AuditFilter } from "./query";

export function auditFilterFromParams(
  params: URLSearchParams,
  today: string = isoDay(now()),
): { filter: AuditFilter; invalid: string[]; issues: Issue[] } {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(auditFilterSchema.shape)) {
    const value = params.get(key)?.trim();
    if (value) raw[key] = value;
  }
  const issues: Issue[] = [];
  const result = auditFilterSchema.safeParse(raw);
  if (!result.success) {
    for (const i of result.error.issues)
      issues.push({ path: String(i.path[0]), message: englishMessage(i.message) });
    for (const { path } of issues) delete raw[path];
  }
  issues.push(...dateRangeIssues({ from: raw.from, to: raw.to }, today));
  const invalid = [...new Set(issues.map((i) => i.path))];
  for (const key of invalid) delete raw[key];
  return { filter: auditFilterSchema.parse(raw), invalid, issues };
}
