import { useTranslations } from "next-intl";
import type { FilterIssue } from "@/lib/filters/core";

/**
 * The problems of a filter taken from the address or the filter's fields: in the reader's
 * language where the issue names its catalog message (a date range), else as the API names them.
 * Rendered on the server or in a client dashboard; the latter's page hands it `filterMessages`.
 */
export function FilterIssues({ title, issues }: { title: string; issues: FilterIssue[] }) {
  const t = useTranslations("filterMessages");
  return (
    <div className="notice error" role="alert" data-testid="filter-issues">
      <p>{title}</p>
      <ul>
        {issues.map((issue) => (
          <li key={issue.path}>
            {issue.said ? t(issue.said.key, issue.said.values) : issue.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
