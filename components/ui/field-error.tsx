"use client";
import { useTranslations } from "next-intl";

// Pure, so server components (the filter fields) can call it too; re-exported for the forms.
export { describedBy } from "./described-by";

/** Translates a validation message key; other messages are shown as they are. */
export function useValidationMessage() {
  const t = useTranslations("validation");
  // Checked against the loaded catalog (t.has), so the browser never needs the English file.
  return (message: string) => {
    const key = message.slice("validation.".length) as Parameters<typeof t>[0];
    return message.startsWith("validation.") && t.has(key) ? t(key) : message;
  };
}

/** Errors of one form field, linked to the input through aria-describedby={`${id}-error`}. */
export function FieldError({ id, errors }: { id: string; errors?: string[] }) {
  const translate = useValidationMessage();
  if (!errors?.length) return null;
  return (
    <p id={`${id}-error`} className="field-error">
      {errors.map(translate).join(" ")}
    </p>
  );
}
