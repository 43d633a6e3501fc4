/** Errors of one form field, linked to the input through aria-describedby={`${id}-error`}. */
export function FieldError({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <p id={`${id}-error`} className="field-error">
      {errors.join(" ")}
    </p>
  );
}

export function describedBy(id: string, errors?: string[]): string | undefined {
  return errors?.length ? `${id}-error` : undefined;
}
