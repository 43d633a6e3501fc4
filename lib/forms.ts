/** Server side of form state: turning validation and rule failures into field errors. */
import { z } from "zod";
import { getTranslations } from "next-intl/server";
import { ConflictError, NotFoundError, RuleError } from "./errors";
import type { Said } from "./imports/said";
import { sayArgs } from "./imports/say";
import { isMessageKey } from "./validation-messages";

export { idle, type FormState } from "./form-state";
import type { FormState } from "./form-state";

/**
 * Turns a validation or rule failure into form state; returns undefined for anything else. A
 * rule's issue that carries its sentence with values (`said`, e.g. which purpose is unknown) is
 * said by `say` in the reader's language where given: a form shows it as it is.
 */
export function formErrorState(
  error: unknown,
  say?: (s: Said) => string,
): FormState<never> | undefined {
  if (error instanceof z.ZodError) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of error.issues) {
      const key = issue.path.map(String).join(".") || "form";
      (fieldErrors[key] ??= []).push(issue.message);
    }
    return { status: "error", fieldErrors };
  }
  if (error instanceof RuleError) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of error.issues)
      (fieldErrors[issue.path] ??= []).push(issue.said && say ? say(issue.said) : issue.message);
    return { status: "error", fieldErrors };
  }
  return undefined;
}

/**
 * Says a validation message in the request's language: a catalog key (`validation.…`) as its
 * sentence, any other message (zod's own) as it is. The server's twin of the forms'
 * useValidationMessage, for text composed before it reaches a form.
 */
export async function validationSayer(): Promise<(message: string) => string> {
  const t = await getTranslations("validation");
  return (message) =>
    isMessageKey(message) ? t(message.slice("validation.".length) as "textRequired") : message;
}

/** What says a rule's sentences in the request's language, when `error` has any to say. */
async function sayerFor(error: unknown): Promise<((s: Said) => string) | undefined> {
  if (!(error instanceof RuleError) || !error.issues.some((i) => i.said)) return undefined;
  const t = await getTranslations("importMessages");
  // A form shows a field's errors one after the other: each a sentence with its full stop.
  return (s) => {
    const sentence = t(...sayArgs(s));
    return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
  };
}

/** How a form's change went: its value, or the state that shows the form what to fix. */
export type Attempt<V, T> =
  { failed: FormState<T>; value?: undefined } | { failed?: undefined; value: V };

/**
 * Runs a form's change: a validation or rule failure becomes the form's errors (with `result`
 * beside them, so the form shows what was typed again); anything else is thrown. With
 * `conflicted`, a change refused because someone saved the thing after the form was opened
 * (ConflictError carrying the current state) becomes the "conflict" state, its result built
 * from the current state.
 */
export async function attempt<V, T = never, C = never>(
  change: () => Promise<V>,
  result?: T,
  conflicted?: (current: C) => T,
): Promise<Attempt<V, T>> {
  try {
    return { value: await change() };
  } catch (error) {
    if (conflicted && error instanceof ConflictError && error.current !== undefined) {
      const current = error.current as C;
      return { failed: { status: "error", message: "conflict", result: conflicted(current) } };
    }
    // Whatever the form named is gone (deleted meanwhile, or an id no page gave out): said
    // under the form, as any other refusal, instead of an error page.
    const state =
      error instanceof NotFoundError
        ? { status: "error" as const, fieldErrors: { form: ["validation.notFound"] } }
        : formErrorState(error, await sayerFor(error));
    if (!state) throw error;
    return { failed: result === undefined ? state : { ...state, result } };
  }
}

/** A form's text fields by name, each "" when it was not sent (or was a file). */
export function textFields<K extends string>(form: FormData, ...names: K[]): Record<K, string> {
  const read = (name: K) => {
    const value = form.get(name);
    return typeof value === "string" ? value : "";
  };
  return Object.fromEntries(names.map((name) => [name, read(name)])) as Record<K, string>;
}
