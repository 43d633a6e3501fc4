import type { ReactNode } from "react";

/**
 * One figure of a dashboard: a card titled by its heading, the figure large, and what it counts
 * beneath (`hint`, then anything more). Server and client components both use it.
 */
export function MetricCard({
  id,
  title,
  value,
  hint,
  valueTestId,
  testId,
  children,
}: {
  id: string;
  title: ReactNode;
  value: ReactNode;
  hint?: ReactNode;
  /** Test id of the figure itself. */
  valueTestId?: string;
  /** Test id of the whole card. */
  testId?: string;
  children?: ReactNode;
}) {
  return (
    <section className="card" aria-labelledby={id} data-testid={testId}>
      <h2 id={id}>{title}</h2>
      <p className="figure" data-testid={valueTestId}>
        {value}
      </p>
      {hint && <p className="muted">{hint}</p>}
      {children}
    </section>
  );
}
