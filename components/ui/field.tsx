/** No hooks here: server pages (filters) and client forms both use these parts. */
import type {
  InputHTMLAttributes,
  ReactNode,
  SelectHTMLAttributes,
  TextareaHTMLAttributes,
} from "react";
import { describedBy } from "./described-by";
import { FieldError } from "./field-error";

/** A form's field errors, keyed by field name (FormState.fieldErrors). */
export type FieldErrors = Record<string, string[] | undefined>;

/** What ties a control to its field: id, name and the errors found for it. */
export type FieldBinding = { id: string; name: string; errors?: string[] };

/** How many fields have errors (an error about the whole form, `form`, is no field). */
export function fieldsWithErrors(errors: FieldErrors): number {
  return Object.keys(errors).filter((name) => name !== "form").length;
}

/** Binds the fields of one form: `field("name")` is id `${prefix}-name`, its errors included. */
export function fieldsOf(prefix: string, errors: FieldErrors) {
  return (name: string, id = `${prefix}-${name}`): FieldBinding => ({
    id,
    name,
    errors: errors[name],
  });
}

/** A submitted value as a control shows it again: text as it is, a number as text, a list joined. */
function shown(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  return Array.isArray(value) ? value.join(", ") : "";
}

/** Like fieldsOf, each field also showing its value in `values` (the last one submitted). */
export function echoFieldsOf(prefix: string, errors: FieldErrors, values: object) {
  const field = fieldsOf(prefix, errors);
  const shownValues = values as Record<string, unknown>;
  return (name: string, id?: string) => ({
    ...field(name, id),
    defaultValue: shown(shownValues[name]),
  });
}

/** The control's wiring: invalid while it has errors, described by its errors or else its hint. */
function controlProps({ id, name, errors }: FieldBinding, hint: boolean) {
  return {
    id,
    name,
    "aria-invalid": errors?.length ? true : undefined,
    "aria-describedby": describedBy(id, errors) ?? (hint ? `${id}-hint` : undefined),
  };
}

type FieldProps = FieldBinding & { label: ReactNode; hint?: ReactNode };

/** One labelled control with its hint and its errors underneath. */
export function Field({
  id,
  label,
  hint,
  errors,
  children,
}: Omit<FieldProps, "name"> & { children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      )}
      {errors?.length ? <FieldError id={id} errors={errors} /> : null}
    </div>
  );
}

type Own = "id" | "name";

/** Splits a field's props: those of its label, hint and errors, and those of its control. */
function splitField<P extends FieldProps>({ id, name, errors, label, hint, ...rest }: P) {
  return {
    field: { id, label, hint, errors },
    control: { ...controlProps({ id, name, errors }, !!hint), ...rest },
  };
}

export function InputField(props: FieldProps & Omit<InputHTMLAttributes<HTMLInputElement>, Own>) {
  const { field, control } = splitField(props);
  return (
    <Field {...field}>
      <input {...control} />
    </Field>
  );
}

export function TextAreaField(
  props: FieldProps & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, Own>,
) {
  const { field, control } = splitField(props);
  return (
    <Field {...field}>
      <textarea {...control} />
    </Field>
  );
}

type SelectOwnProps<T> = {
  options: readonly T[];
  optionLabel: (option: T) => ReactNode;
  optionValue?: (option: T) => string;
  /** Label of a first, empty option (no choice, or "all" in a filter). */
  empty?: ReactNode;
};

/** A select over a list of values, each shown with its (translated) label. */
export function Select<T>({
  options,
  optionLabel,
  optionValue = String,
  empty,
  ...select
}: SelectOwnProps<T> & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <select {...select}>
      {empty !== undefined && <option value="">{empty}</option>}
      {options.map((option) => {
        const value = optionValue(option);
        return (
          <option key={value} value={value}>
            {optionLabel(option)}
          </option>
        );
      })}
    </select>
  );
}

export function SelectField<T>(
  props: FieldProps & SelectOwnProps<T> & Omit<SelectHTMLAttributes<HTMLSelectElement>, Own>,
) {
  const { field, control } = splitField(props);
  return (
    <Field {...field}>
      <Select {...control} />
    </Field>
  );
}

/** A fixed list of checkboxes under one legend, with the group's errors beneath. */
export function CheckboxFieldset<T extends string>({
  id,
  name,
  errors,
  legend,
  options,
  optionLabel,
  selected,
}: FieldBinding & {
  legend: ReactNode;
  options: readonly T[];
  optionLabel: (option: T) => ReactNode;
  selected?: readonly string[];
}) {
  return (
    <>
      <fieldset aria-describedby={describedBy(id, errors)}>
        <legend>{legend}</legend>
        <div className="checkbox-grid">
          {options.map((option) => (
            <label key={option}>
              <input
                type="checkbox"
                name={name}
                value={option}
                defaultChecked={selected?.includes(option)}
              />
              {optionLabel(option)}
            </label>
          ))}
        </div>
      </fieldset>
      <FieldError id={id} errors={errors} />
    </>
  );
}

/**
 * Binds the controls of a GET filter form to the filter read from the address: each shows the
 * value it has there, and a select starts with "all" (no filter).
 */
export function filterFieldsOf(filter: object, all: ReactNode) {
  const values = filter as Record<string, unknown>;
  const input = (name: string, id: string) => ({
    id,
    name,
    defaultValue: values[name] === undefined || values[name] === null ? "" : String(values[name]),
  });
  return { input, select: (name: string, id: string) => ({ ...input(name, id), empty: all }) };
}
