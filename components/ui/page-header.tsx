import Link from "next/link";
import type { ReactNode } from "react";

type PageLink = { href: string; label: ReactNode };

/** A page's head: the way back, its title and lead, and the one action it offers as a button. */
export function PageHeader({
  title,
  lead,
  back,
  action,
}: {
  title: ReactNode;
  lead?: ReactNode;
  back?: PageLink;
  action?: PageLink;
}) {
  return (
    <>
      {back && (
        <p>
          <Link href={back.href}>{back.label}</Link>
        </p>
      )}
      <h1>{title}</h1>
      {lead && <p className="lead">{lead}</p>}
      {action && (
        <p>
          <Link className="button" href={action.href}>
            {action.label}
          </Link>
        </p>
      )}
    </>
  );
}
