"use client";
import { useTranslations } from "next-intl";
import { isMessageKey } from "@/lib/validation-messages";

/** Translates a validation message key; other messages are shown as they are. */
export function useValidationMessage() {
  const t = useTranslations();
  return (message: string) =>
    isMessageKey(message) ? t(message as Parameters<typeof t>[0]) : message;
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

export function describedBy(id: string, errors?: string[]): string | undefined {
  return errors?.length ? `${id}-error` : undefined;
}
