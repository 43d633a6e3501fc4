/**
 * The state a server action hands back to its form (useActionState): field errors under each
 * field (message keys the form translates), and whatever the form must show once (a new secret
 * or the current values after a conflict).
 */
import { z } from "zod";
import { RuleError } from "./errors";

export type FormState<T = undefined> = {
  status: "idle" | "ok" | "error";
  message?: string;
  fieldErrors?: Record<string, string[]>;
  result?: T;
};

export const idle = { status: "idle" } as const;

/** Turns a validation or rule failure into form state; returns undefined for anything else. */
export function formErrorState(error: unknown): FormState<never> | undefined {
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
    for (const issue of error.issues) (fieldErrors[issue.path] ??= []).push(issue.message);
    return { status: "error", fieldErrors };
  }
  return undefined;
}
