import type { ReactNode } from "react";

/** How the reader says what the trail stores in its own terms. */
export type TrailWords = {
  /** True or false. */
  yesNo?: (value: boolean) => string;
  /** A moment the trail stores as an ISO 8601 timestamp (a record's `updatedAt`, say). */
  moment?: (at: string) => string;
};

/** A timestamp as the app stores moments (Date's toISOString). */
const STORED_MOMENT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * Whether a field's value is a moment the app stored: the app names those fields `…At`
 * (createdAt, retiredAt, startedAt) and writes them with toISOString, which round-trips. Text
 * that only looks like a timestamp (a notice version, a setting) stays as stored, and so does a
 * value that does not round-trip (an impossible date, which the reader must see as it is).
 */
function isStoredMoment(field: string, value: string): boolean {
  if (!/At$/.test(field) || !STORED_MOMENT.test(value)) return false;
  const at = new Date(value);
  return !Number.isNaN(at.getTime()) && at.toISOString() === value;
}

/**
 * A field's value in the trail as text: strings as they are, stored moments, true and false in
 * the reader's words (with `words`), none as nothing (a dash where shown), the rest as JSON, long
 * ones shortened.
 */
function shown(field: string, value: unknown, words: TrailWords = {}): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "boolean" && words.yesNo) return words.yesNo(value);
  if (typeof value === "string" && words.moment && isStoredMoment(field, value))
    return words.moment(value);
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

/** The fields an entry changed: before and after side by side (a creation has no before). */
export function changedFields(before: unknown, after: unknown, words?: TrailWords) {
  const record = (v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  const [b, a] = [record(before), record(after)];
  // A trail value that is not a record (a list, a number) stands as one field.
  const plain = (v: unknown) => v != null && (typeof v !== "object" || Array.isArray(v));
  if (plain(before)) b.value = before;
  if (plain(after)) a.value = after;
  return [...new Set([...Object.keys(b), ...Object.keys(a)])]
    .filter((field) => JSON.stringify(b[field]) !== JSON.stringify(a[field]))
    .map((field) => ({
      field,
      before: shown(field, b[field], words),
      after: shown(field, a[field], words),
    }));
}

/** An entry's change, folded: opened, each changed field with its value before and after. */
export function AuditChange({
  before,
  after,
  labels,
  fieldLabel = () => undefined,
  words,
}: {
  before: unknown;
  after: unknown;
  labels: { summary: ReactNode; before: ReactNode; after: ReactNode };
  words?: TrailWords;
  /** A field's name as the app's pages give it; the stored name is shown beside it. */
  fieldLabel?: (field: string) => string | undefined;
}) {
  const fields = changedFields(before, after, words);
  if (fields.length === 0) return null;
  // A list, not a table: the log itself is the table, and tables in tables read badly.
  return (
    <details className="audit-change">
      <summary>{labels.summary}</summary>
      <dl>
        {fields.map((f) => {
          const label = fieldLabel(f.field);
          return (
            <div key={f.field}>
              <dt>
                {label ? (
                  <>
                    {label} <code className="muted">{f.field}</code>
                  </>
                ) : (
                  <code>{f.field}</code>
                )}
              </dt>
              <dd>
                <span className="visually-hidden">{labels.before}: </span>
                <span className="diff-before">{f.before || "—"}</span>
                {" → "}
                <span className="visually-hidden">{labels.after}: </span>
                <span className="diff-after">{f.after || "—"}</span>
              </dd>
            </div>
          );
        })}
      </dl>
    </details>
  );
}

/**
 * What an entry records beside its change (a batch's counts, an import's file, the fields a
 * save changed), folded: each field as stored, with its value (numbers as the reader writes them).
 */
export function AuditDetail({
  detail,
  summary,
  formatNumber,
  words,
}: {
  detail: unknown;
  summary: ReactNode;
  formatNumber: (value: number) => string;
  words: TrailWords;
}) {
  if (detail == null) return null;
  const fields =
    typeof detail === "object" && !Array.isArray(detail)
      ? Object.entries(detail as Record<string, unknown>)
      : [["value", detail] as const];
  if (fields.length === 0) return null;
  return (
    <details className="audit-change" data-testid="audit-detail">
      <summary>{summary}</summary>
      <dl>
        {fields.map(([field, value]) => (
          <div key={field}>
            <dt>
              <code>{field}</code>
            </dt>
            <dd>
              {typeof value === "number" ? formatNumber(value) : shown(field, value, words) || "—"}
            </dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
