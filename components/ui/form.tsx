"use client";
import { useActionState } from "react";
import { idle, type FormState } from "@/lib/form-state";

/** A server action as a form calls it: the previous state in, the next state out. */
export type FormAction<S extends FormState<unknown>> = (state: S, form: FormData) => Promise<S>;

/** Runs a form's server action; the state, the form's action, whether it runs, and its errors. */
export function useFormAction<S extends FormState<unknown>>(action: FormAction<S>) {
  const [state, formAction, pending] = useActionState<S, FormData>(action, idle as Awaited<S>);
  return { state, formAction, pending, errors: state.fieldErrors ?? {} };
}
