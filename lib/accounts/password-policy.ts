/**
 * What makes a password acceptable: at least 12 characters, and not one a strength estimator
 * (zxcvbn-ts with its common-password and word dictionaries) can guess in under ~10^10 tries
 * (score 3 of 4). Names, emails and "firstparty" count as guessable. Each refusal says why, as a
 * message key the forms translate and the API answers in English.
 */
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary } from "@zxcvbn-ts/language-common";
import type { Issue } from "@/lib/errors";

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;
/** zxcvbn's score 3: "safely unguessable: moderate protection from offline slow-hash scenario". */
const MIN_SCORE = 3;

let estimator: ZxcvbnFactory | undefined;
function getEstimator(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  return estimator;
}

/** zxcvbn's warning (what makes it guessable) → our message key. */
const WARNING_MESSAGES: Record<string, string> = {
  topTen: "validation.passwordCommon",
  topHundred: "validation.passwordCommon",
  common: "validation.passwordCommon",
  similarToCommon: "validation.passwordCommon",
  pwned: "validation.passwordCommon",
  straightRow: "validation.passwordPattern",
  keyPattern: "validation.passwordPattern",
  sequences: "validation.passwordPattern",
  simpleRepeat: "validation.passwordRepeat",
  extendedRepeat: "validation.passwordRepeat",
  recentYears: "validation.passwordDates",
  dates: "validation.passwordDates",
  wordByItself: "validation.passwordWords",
  namesByThemselves: "validation.passwordWords",
  commonNames: "validation.passwordWords",
  userInputs: "validation.passwordPersonal",
};

/** Issues at `path` that make `password` unacceptable for this user; empty when it is fine. */
export function passwordIssues(
  password: string,
  context: { email?: string; name?: string },
  path = "newPassword",
): Issue[] {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return [{ path, message: "validation.passwordTooShort" }];
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    return [{ path, message: "validation.passwordTooLong" }];
  }
  const userInputs = ["firstparty", context.name ?? "", context.email ?? ""]
    .flatMap((value) => [value, ...value.split(/[@.\s_+-]+/)])
    .filter((value) => value.length >= 3);
  const result = getEstimator().check(password, userInputs);
  if (result.score >= MIN_SCORE) return [];
  const warning = result.feedback.warning ?? "";
  return [{ path, message: WARNING_MESSAGES[warning] ?? "validation.passwordWeak" }];
}
