import Link from "next/link";

/**
 * A dashboard on a new instance, before the data it is made of exists: what it will show, where
 * that comes from, and (for those who may add it) links to add it. Server-rendered, no script.
 */
export function NothingYet({
  testId,
  title,
  text,
  links = [],
}: {
  testId: string;
  title: string;
  text: string;
  links?: { href: string; label: string }[];
}) {
  return (
    <section className="empty-state" data-testid={testId}>
      <h2>{title}</h2>
      <p>{text}</p>
      {links.length > 0 && (
        <p className="toolbar">
          {links.map((link) => (
            <Link key={link.href} href={link.href}>
              {link.label}
            </Link>
          ))}
        </p>
      )}
    </section>
  );
}
