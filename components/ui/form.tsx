"use client";
import {
  startTransition,
  useActionState,
  useEffect,
  useRef,
  type FormEvent,
  type ReactNode,
} from "react";
import { idle, type FormState } from "@/lib/form-state";
import { fieldsOf, type FieldBinding } from "./field";
import { useValidationMessage } from "./field-error";

/** A server action as a form calls it: the previous state in, the next state out. */
export type FormAction<S extends FormState<unknown>> = (state: S, form: FormData) => Promise<S>;

/**
 * Runs a form's server action; the state, the form's action, whether it runs, its errors, and
 * `onSubmit`, which runs the action from the browser in a transition. A form given both keeps
 * what was typed when a save is refused (React follows a form's own action by resetting every
 * field to its default) and, with `resetOnSuccess`, empties itself once one succeeds (a form
 * that adds things, ready for the next). Without script, the action still posts the form.
 */
export function useFormAction<S extends FormState<unknown>>(
  action: FormAction<S>,
  /** `resetOnSuccess` as a test of the state: empties the form after some successes only. */
  options: { resetOnSuccess?: boolean | ((state: Awaited<S>) => boolean) } = {},
) {
  const [state, formAction, pending] = useActionState<S, FormData>(action, idle as Awaited<S>);
  const submitted = useRef<HTMLFormElement | null>(null);
  const { resetOnSuccess = false } = options;
  useEffect(() => {
    const reset = typeof resetOnSuccess === "function" ? resetOnSuccess(state) : resetOnSuccess;
    if (reset && state.status === "ok") submitted.current?.reset();
  }, [state, resetOnSuccess]);
  // A submit button disabled while its form saves loses the focus (the browser moves it to the
  // page): it is given back when the answer comes, unless the reader has moved on meanwhile.
  const submitRef = useRef<HTMLButtonElement>(null);
  const wasPending = useRef(false);
  useEffect(() => {
    const active = document.activeElement;
    if (wasPending.current && !pending && (!active || active === document.body))
      submitRef.current?.focus();
    wasPending.current = pending;
  }, [pending]);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    submitted.current = event.currentTarget;
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const form = new FormData(event.currentTarget, submitter);
    startTransition(() => formAction(form));
  };
  return { state, formAction, pending, errors: state.fieldErrors ?? {}, onSubmit, submitRef };
}

/**
 * A ref for a notice that must not go unseen when it appears (another person's save, met while
 * the reader is at the foot of a long form on a phone): it is scrolled into view as it mounts.
 */
export function useRevealed<E extends HTMLElement>() {
  const ref = useRef<E>(null);
  useEffect(() => {
    // In braces: Chromium's scrollIntoView answers a promise, which React would take for a cleanup.
    ref.current?.scrollIntoView({ block: "nearest" });
  }, []);
  return ref;
}

/**
 * How a form's action ended, where a screen reader hears it: the error line when it failed, the
 * saved line when it succeeded, and whatever else the form reports (children) after them. An
 * error about the whole form rather than a field (`fieldErrors.form`: what it names is gone, a
 * rule across fields) is said here; `failed` ("correct the fields marked") only when a field or
 * the state's message has something of its own to say.
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
  const translate = useValidationMessage();
  const { form: formErrors = [], ...fieldErrors } = state.fieldErrors ?? {};
  const more = state.message !== undefined || Object.keys(fieldErrors).length > 0;
  return (
    <div aria-live="polite">
      {state.status === "error" && formErrors.length > 0 && (
        <p className="notice error">{formErrors.map(translate).join(" ")}</p>
      )}
      {state.status === "error" && failed && (more || formErrors.length === 0) && (
        <p className="notice error">{failed}</p>
      )}
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
  more,
  resetOnSuccess,
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
  /** More buttons after the submit button (each names its intent), disabled while it saves. */
  more?: (pending: boolean) => ReactNode;
  /** Whether to empty the form after a success (a removal), as `useFormAction` does; stable. */
  resetOnSuccess?: (state: Awaited<S>) => boolean;
  children: (field: (name: string, id?: string) => FieldBinding) => ReactNode;
}) {
  const { state, formAction, pending, submitRef, errors, onSubmit } = useFormAction(action, {
    resetOnSuccess,
  });
  return (
    <form
      className="stack"
      action={formAction}
      onSubmit={onSubmit}
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
      <button type="submit" disabled={pending} ref={submitRef}>
        {submit}
      </button>
      {more?.(pending)}
    </form>
  );
}
