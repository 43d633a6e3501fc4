import type { FilterIssue } from "@/lib/filters/core";

/** The problems of a filter taken from the address, named as the API names them. */
export function FilterIssues({ title, issues }: { title: string; issues: FilterIssue[] }) {
  return (
    <div className="notice error" role="alert" data-testid="filter-issues">
      <p>{title}</p>
      <ul>
        {issues.map((issue) => (
          <li key={issue.path}>{issue.message}</li>
        ))}
      </ul>
    </div>
  );
}
