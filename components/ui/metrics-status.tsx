import type { ReactNode } from "react";
import type { FilterIssue } from "@/lib/filters/core";
import { FilterIssues } from "./filter-issues";

/** A dashboard's query as useMetrics answers it, and the filter it was asked with. */
export type MetricsState = {
  issues: FilterIssue[];
  isPending: boolean;
  isError: boolean;
  hasData: boolean;
};

/**
 * What a dashboard shows in place of its figures: the filter's issues (nothing is asked then),
 * a skeleton while the figures load, or that they failed; null once they are there.
 */
export function metricsStatus(
  state: MetricsState,
  text: { invalid: string; loading: string; failed: string },
): ReactNode {
  if (state.issues.length > 0) return <FilterIssues title={text.invalid} issues={state.issues} />;
  if (state.isPending)
    return <div className="skeleton chart-skeleton" aria-busy="true" aria-label={text.loading} />;
  if (state.isError || !state.hasData)
    return (
      <p className="notice error" role="alert">
        {text.failed}
      </p>
    );
  return null;
}

/**
 * The filter form, and below it the figures or what stands in for them. One element whatever
 * is below, so the form is not built again when the figures come and go: a keyboard user
 * typing a date whose first digits make the filter invalid keeps their place in it.
 */
export function MetricsFrame({
  filters,
  busy,
  children,
}: {
  filters: ReactNode;
  busy: boolean;
  children: ReactNode;
}) {
  return (
    <div aria-busy={busy}>
      {filters}
      {children}
    </div>
  );
}
