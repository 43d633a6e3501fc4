import "server-only";
/**
 * A browser a user signed in with: after a password sign-in it holds a token for the account
 * (an HMAC of the e-mail address under the app's secret), and with it the account's overall
 * sign-in limit (lib/auth/rate-limit, `accountEverywhere`) does not hold its user out while
 * someone guesses from many addresses. The token is no key: the password is still checked, and
 * the limit per account and address still counts. A browser keeps the tokens of its last few
 * accounts.
 *
 * The token is made for the account's session version too: when the version moves on (a new
 * password, "sign out everywhere else", an account disabled or re-enabled), every browser the
 * account knew is a stranger again until it signs in with the password. A token copied from a
 * browser then stops working, as the sessions of that browser do.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export const KNOWN_DEVICE_COOKIE = "fp-known-device";
export const KNOWN_DEVICE_DAYS = 90;
/** Accounts one browser is known for (a shared computer); the oldest drop out. */
const MOST_ACCOUNTS = 5;

/** The account a token is for: its address and its session version. */
export type KnownAccount = { email: string; sessionVersion: number };

function tokenFor(secret: string, account: KnownAccount): string {
  return createHmac("sha256", secret)
    .update(`known-device\n${account.email.toLowerCase()}\n${account.sessionVersion}`)
    .digest("base64url");
}

const tokensIn = (cookie: string | undefined) => (cookie ?? "").split("~").filter(Boolean);

/** Whether the cookie's value holds the account's token. */
export function knowsAccount(
  secret: string,
  cookie: string | undefined,
  account: KnownAccount,
): boolean {
  const want = Buffer.from(tokenFor(secret, account));
  return tokensIn(cookie).some((token) => {
    const got = Buffer.from(token);
    return got.length === want.length && timingSafeEqual(got, want);
  });
}

/** The cookie's value after the account signed in: its token last, at most a few accounts. */
export function withAccount(
  secret: string,
  cookie: string | undefined,
  account: KnownAccount,
): string {
  const token = tokenFor(secret, account);
  return [...tokensIn(cookie).filter((t) => t !== token), token].slice(-MOST_ACCOUNTS).join("~");
}
