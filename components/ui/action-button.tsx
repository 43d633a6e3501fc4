import type { ReactNode } from "react";

/**
 * A form of one button that runs a server action, so it works without JavaScript: an optional
 * help line above it, hidden fields that ride along, and an accessible name where the button's
 * text alone would be ambiguous in a list ("Delete" → "Delete Newsletter deadline").
 */
export function ActionButton({
  action,
  children,
  label,
  help,
  fields = {},
  className = "danger",
  formClassName,
}: {
  action: (form: FormData) => void | Promise<void>;
  children: ReactNode;
  label?: string;
  help?: ReactNode;
  fields?: Record<string, string | number>;
  className?: string;
  formClassName?: string;
}) {
  return (
    <form action={action} className={formClassName}>
      {help && <p className="muted">{help}</p>}
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" className={className} aria-label={label}>
        {children}
      </button>
    </form>
  );
}
