/** The id a field's aria-describedby names when it has errors (FieldError renders `${id}-error`). */
export function describedBy(id: string, errors?: string[]): string | undefined {
  return errors?.length ? `${id}-error` : undefined;
}
