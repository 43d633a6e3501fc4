"use client";
import { startTransition, useActionState, type ReactNode } from "react";
import { idle, type FormState } from "@/lib/form-state";
import { fieldsOf, type FieldBinding } from "./field";

/** A server action as a form calls it: the previous state in, the next state out. */
export type FormAction<S extends FormState<unknown>> = (state: S, form: FormData) => Promise<S>;

/** Runs a form's server action; the state, the form's action, whether it runs, and its errors. */
export function useFormAction<S extends FormState<unknown>>(action: FormAction<S>) {
  const [state, formAction, pending] = useActionState<S, FormData>(action, idle as Awaited<S>);
  return { state, formAction, pending, errors: state.fieldErrors ?? {} };
}

/**
 * How a form's action ended, where a screen reader hears it: the error line when it failed, the
 * saved line when it succeeded, and whatever else the form reports (children) after them.
 */
export function FormStatus({
  state,
  failed,
  saved,
  children,
}: {
  state: FormState<unknown>;
  failed?: ReactNode;
  saved?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <div aria-live="polite">
      {state.status === "error" && failed && <p className="notice error">{failed}</p>}
      {state.status === "ok" && saved && <p className="notice">{saved}</p>}
      {children}
    </div>
  );
}

/**
 * A form that saves through a server action: its title, its outcome, its fields (`children`
 * binds each by name, ids prefixed with `id`) and a submit button disabled while it saves.
 */
export function ActionForm<S extends FormState<unknown>>({
  action,
  id,
  title,
  heading: Heading = "h2",
  saved,
  failed,
  submit,
  children,
}: {
  action: FormAction<S>;
  id: string;
  title: ReactNode;
  heading?: "h2" | "h3";
  /** The saved line, or how to word it from the state the action handed back. */
  saved: ReactNode | ((state: Awaited<S>) => ReactNode);
  /** The line when it failed other than by field errors (those stand under their fields). */
  failed?: (state: Awaited<S>) => ReactNode;
  submit: ReactNode;
  children: (field: (name: string, id?: string) => FieldBinding) => ReactNode;
}) {
  const { state, formAction, pending, errors } = useFormAction(action);
  return (
    <form
      className="stack"
      action={formAction}
      // Run from here rather than by the form's own action, which React follows by resetting
      // every field to its default: a refused save would lose what was typed. Without script,
      // the action still posts the form.
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget, event.nativeEvent.submitter);
        startTransition(() => formAction(form));
      }}
      noValidate
      aria-labelledby={`${id}-title`}
    >
      <Heading id={`${id}-title`}>{title}</Heading>
      <FormStatus
        state={state}
        saved={typeof saved === "function" ? saved(state) : saved}
        failed={failed?.(state)}
      />
      {children(fieldsOf(id, errors))}
      <button type="submit" disabled={pending}>
        {submit}
      </button>
    </form>
  );
}
