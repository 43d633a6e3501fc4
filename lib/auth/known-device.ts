import "server-only";
/**
 * A browser a user signed in with: after a password sign-in it holds a token for the account
 * (an HMAC of the e-mail address under the app's secret), and with it the account's overall
 * sign-in limit (lib/auth/rate-limit, `accountEverywhere`) does not hold its user out while
 * someone guesses from many addresses. The token is no key: the password is still checked, and
 * the limit per account and address still counts. A browser keeps the tokens of its last few
 * accounts.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export const KNOWN_DEVICE_COOKIE = "fp-known-device";
export const KNOWN_DEVICE_DAYS = 90;
/** Accounts one browser is known for (a shared computer); the oldest drop out. */
const MOST_ACCOUNTS = 5;

function tokenFor(secret: string, email: string): string {
  return createHmac("sha256", secret)
    .update(`known-device\n${email.toLowerCase()}`)
    .digest("base64url");
}

const tokensIn = (cookie: string | undefined) => (cookie ?? "").split("~").filter(Boolean);

/** Whether the cookie's value holds the account's token. */
export function knowsAccount(secret: string, cookie: string | undefined, email: string): boolean {
  const want = Buffer.from(tokenFor(secret, email));
  return tokensIn(cookie).some((token) => {
    const got = Buffer.from(token);
    return got.length === want.length && timingSafeEqual(got, want);
  });
}

/** The cookie's value after the account signed in: its token last, at most a few accounts. */
export function withAccount(secret: string, cookie: string | undefined, email: string): string {
  const token = tokenFor(secret, email);
  return [...tokensIn(cookie).filter((t) => t !== token), token].slice(-MOST_ACCOUNTS).join("~");
}
