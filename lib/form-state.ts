import type { MailOutcome } from "@/lib/accounts/mail";
import type { Purpose } from "@/lib/purposes";
import type { DataSource } from "@/lib/sources";
import type { ControlView } from "@/lib/laws/views";

/**
 * The state a server action hands back to its form (useActionState): field errors under each
 * field (message keys the form translates), and whatever the form must show once (a new secret
 * or the current values after a conflict). Type-only imports, so forms can import it in the browser.
 */
export type FormState<T = undefined> = {
  status: "idle" | "ok" | "error";
  message?: string;
  fieldErrors?: Record<string, string[]>;
  result?: T;
};

export const idle = { status: "idle" } as const;

/** What a form that echoes its input hands back: the submitted values, to show them again. */
export type ValuesState = FormState<{ values: Record<string, unknown> }>;

export type PurposeFormResult = {
  values: Record<string, unknown>;
  saved?: Purpose;
  unchanged?: boolean;
  conflict?: Purpose;
};
export type PurposeFormState = FormState<PurposeFormResult>;

export type ControlFormResult = {
  values: Record<string, unknown>;
  /** The control as another officer saved it while this form was open. */
  conflict?: ControlView;
};
export type ControlFormState = FormState<ControlFormResult>;

/** The phase-out target's form: `cleared` when its "remove" button was the one pressed. */
export type PhaseOutFormState = FormState<{ cleared?: boolean; alreadyGone?: boolean }>;

export type SourceFormResult = {
  values: Record<string, unknown>;
  saved?: DataSource;
  /** The source as another admin saved it while this form was open. */
  conflict?: DataSource;
};
export type SourceFormState = FormState<SourceFormResult>;

export type ModelFormState = FormState<{ rows: { group: string; name: string; weight: string }[] }>;

/** An invitation: the one-time password, shown once, and for how many days it works. */
export type InviteResult = { email: string; temporaryPassword: string; validDays: number };

export type ResetResult = { url: string; mailed: MailOutcome };

export type CreatedKey = { name: string; key: string };
