import "server-only";
/**
 * A fresh session for this browser after the user's session version moved (their own password
 * change, which counts as signing in again): next-auth's own JWT encoding and cookie, so
 * next-auth reads it like any other.
 * Every other browser keeps a token with the old version, which no longer counts.
 */
import { encode } from "next-auth/jwt";
import type { User } from "@/db/schema";
import { env } from "@/lib/env";
import { getAuthOptions, SESSION_MAX_AGE_SECONDS } from "./session";
import { newSessionClaims } from "./sessions";

export type SessionCookie = {
  name: string;
  value: string;
  options: { httpOnly: true; sameSite: "lax"; path: "/"; secure: boolean; maxAge: number };
};

/**
 * `signedInAt` (seconds since the epoch): keep the moment of an earlier sign-in, so the new
 * session ends when that one would have; by default it counts as signing in now.
 */
export async function freshSessionCookie(user: User, signedInAt?: number): Promise<SessionCookie> {
  const { secret } = await getAuthOptions();
  const secure = (env().nextAuthUrl ?? "").startsWith("https://");
  const value = await encode({
    secret: secret!,
    maxAge: SESSION_MAX_AGE_SECONDS,
    token: {
      sub: user.id,
      name: user.name,
      email: user.email,
      ...newSessionClaims(
        user,
        signedInAt === undefined ? new Date() : new Date(signedInAt * 1000),
      ),
    },
  });
  return {
    name: `${secure ? "__Secure-" : ""}next-auth.session-token`,
    value,
    options: {
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      secure,
      maxAge: SESSION_MAX_AGE_SECONDS,
    },
  };
}

/** The Set-Cookie header value for a route handler's response. */
export function serializeSessionCookie({ name, value, options }: SessionCookie): string {
  return [
    `${name}=${value}`,
    `Path=${options.path}`,
    `Max-Age=${options.maxAge}`,
    "HttpOnly",
    "SameSite=Lax",
    ...(options.secure ? ["Secure"] : []),
  ].join("; ");
}
