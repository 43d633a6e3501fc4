/**
 * The state a server action hands back to its form (useActionState): field errors under each
 * field (message keys the form translates), and whatever the form must show once (a new secret
 * or the current values after a conflict). Dependency-free, so forms can import it in the browser.
 */
export type FormState<T = undefined> = {
  status: "idle" | "ok" | "error";
  message?: string;
  fieldErrors?: Record<string, string[]>;
  result?: T;
};

export const idle = { status: "idle" } as const;
