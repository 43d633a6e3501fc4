import { useTranslations } from "next-intl";
import type { FilterIssue } from "@/lib/filters/core";
import { filterSayArgs } from "@/lib/filters/said";

/**
 * The problems of a filter taken from the address, in the reader's language. Rendered on the
 * server or in a client dashboard; the latter's page hands it the `filterMessages` namespace.
 */
export function FilterIssues({ title, issues }: { title: string; issues: FilterIssue[] }) {
  const t = useTranslations("filterMessages");
  return (
    <div className="notice error" role="alert" data-testid="filter-issues">
      <p>{title}</p>
      <ul>
        {issues.map((issue) => (
          <li key={issue.path}>{t(...filterSayArgs(issue.said))}</li>
        ))}
      </ul>
    </div>
  );
}
