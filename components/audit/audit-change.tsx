import type { ReactNode } from "react";

/** A value of the trail as text: strings as they are, the rest as JSON, long ones shortened. */
function shown(value: unknown): string {
  if (value === undefined) return "";
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

/** The fields an entry changed: before and after side by side (a creation has no before). */
export function changedFields(before: unknown, after: unknown) {
  const record = (v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  const [b, a] = [record(before), record(after)];
  // A trail value that is not a record (a list, a number) stands as one field.
  const plain = (v: unknown) => v != null && (typeof v !== "object" || Array.isArray(v));
  if (plain(before)) b.value = before;
  if (plain(after)) a.value = after;
  return [...new Set([...Object.keys(b), ...Object.keys(a)])]
    .filter((field) => JSON.stringify(b[field]) !== JSON.stringify(a[field]))
    .map((field) => ({ field, before: shown(b[field]), after: shown(a[field]) }));
}

/** An entry's change, folded: opened, a small table of each changed field before and after. */
export function AuditChange({
  before,
  after,
  labels,
}: {
  before: unknown;
  after: unknown;
  labels: { summary: ReactNode; field: ReactNode; before: ReactNode; after: ReactNode };
}) {
  const fields = changedFields(before, after);
  if (fields.length === 0) return null;
  return (
    <details className="audit-change">
      <summary>{labels.summary}</summary>
      <table>
        <thead>
          <tr>
            <th scope="col">{labels.field}</th>
            <th scope="col">{labels.before}</th>
            <th scope="col">{labels.after}</th>
          </tr>
        </thead>
        <tbody>
          {fields.map((f) => (
            <tr key={f.field}>
              <th scope="row">
                <code>{f.field}</code>
              </th>
              <td className="diff-before">{f.before}</td>
              <td className="diff-after">{f.after}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
