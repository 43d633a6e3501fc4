import "server-only";
/**
 * Who is asking, and may they. Every page, server action and route handler starts here:
 * `requireUser`/`requireRole` for pages and actions, `authorizeRequest` for route handlers
 * (session cookie or bearer API key). The role and the disabled flag are read from the database
 * on every request, so a demotion or a disabled account takes effect at once.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { AuthOptions } from "next-auth";
import { getServerSession } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { cookies, headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import type { Db } from "@/db/connect";
import { getDatabase, getDb } from "@/lib/database";
import type { ApiKeyScope, Role, User } from "@/db/schema";
import { authenticateApiKey } from "@/lib/api-keys";
import { recordAudit, type Actor } from "@/lib/audit/record";
import { env } from "@/lib/env";
import { chosenLocale, LOCALE_COOKIE } from "@/i18n/config";
import { bindOidcSubject, getUserByOidcSubject } from "@/lib/users";
import { hasRole, scopeAllows } from "./permissions";
import { resolveAuthSecret } from "./secret";
import {
  KNOWN_DEVICE_COOKIE,
  KNOWN_DEVICE_DAYS,
  knowsAccount,
  withAccount,
  type KnownAccount,
} from "./known-device";
import { authenticate } from "./sign-in";
import { hit, refusalAuditLimit } from "./rate-limit";
import { RETURN_HEADER, safeCallback, signInPath } from "./callback";
import {
  endSession,
  newSessionClaims,
  SESSION_MAX_AGE_SECONDS,
  sessionClaimsOf,
  sessionUser,
} from "./sessions";
import { CLIENT_ADDRESS_HEADER } from "./client-address";

export { SESSION_MAX_AGE_SECONDS };

/**
 * The client's address, as server.mjs determined it from the socket (or, with TRUST_PROXY, from
 * the proxy's X-Forwarded-For) and wrote into this header, replacing whatever a client sent.
 * Without server.mjs (next dev) it is unknown: every caller then shares one throttle bucket.
 */
export function clientIp(h: Headers): string | undefined {
  return h.get(CLIENT_ADDRESS_HEADER) ?? undefined;
}

let optionsPromise: Promise<AuthOptions> | undefined;

export function getAuthOptions(): Promise<AuthOptions> {
  optionsPromise ??= buildAuthOptions().catch((error) => {
    optionsPromise = undefined;
    throw error;
  });
  return optionsPromise;
}

async function buildAuthOptions(): Promise<AuthOptions> {
  const config = env();
  const handle = await getDatabase();
  const secret = await resolveAuthSecret(config, handle);
  const providers: AuthOptions["providers"] = [
    CredentialsProvider({
      id: "credentials",
      name: "Email and password",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
      },
      async authorize(credentials, req) {
        const h = new Headers(req?.headers as Record<string, string> | undefined);
        const jar = await cookies();
        const device = jar.get(KNOWN_DEVICE_COOKIE)?.value;
        const result = await authenticate(
          await getDb(),
          {
            email: credentials?.email,
            password: credentials?.password,
            ip: clientIp(h),
            locale: chosenLocale(jar.get(LOCALE_COOKIE)?.value, h.get("accept-language")),
            knownDevice: (account) => knowsAccount(secret, device, account),
          },
          new Date(),
        );
        if (result.ok) {
          // This browser is its user's: the account's overall limit does not hold it out.
          await rememberThisBrowser(result.user);
          return {
            id: result.user.id,
            email: result.user.email,
            name: result.user.name,
            sessionVersion: result.user.sessionVersion,
          };
        }
        if (result.reason === "rate_limited") throw new Error("RateLimited");
        if (result.reason === "expired") throw new Error("TemporaryPasswordExpired");
        return null;
      },
    }),
  ];
  if (config.oidc) {
    providers.push({
      id: "oidc",
      name: config.oidc.name,
      type: "oauth",
      wellKnown: `${config.oidc.issuer.replace(/\/$/, "")}/.well-known/openid-configuration`,
      clientId: config.oidc.clientId,
      clientSecret: config.oidc.clientSecret,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state"],
      // With `idToken: true` next-auth reads the profile from the ID token alone, but a provider
      // may return the claims of the email scope (email, email_verified) only from its userinfo
      // endpoint (OpenID Connect Core 5.4; oidc-provider does by default). Read both: openid-client
      // refuses a userinfo answer whose subject is not the verified ID token's, and the ID
      // token's claims win where both have one.
      userinfo: {
        async request({ client, tokens }) {
          const tokenSet = tokens as Extract<Parameters<typeof client.userinfo>[0], object>;
          return { ...(await client.userinfo(tokenSet)), ...tokenSet.claims() };
        },
      },
      profile(profile: { sub: string; email?: string; name?: string }) {
        return { id: profile.sub, email: profile.email ?? null, name: profile.name ?? null };
      },
    });
  }
  return {
    secret,
    providers,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    jwt: { maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/login", error: "/login" },
    callbacks: {
      // Only paths on this site, resolved as a browser would (no "//evil.example").
      async redirect({ url, baseUrl }) {
        const relative = url.startsWith(baseUrl) ? url.slice(baseUrl.length) || "/" : url;
        return `${baseUrl}${safeCallback(relative)}`;
      },
      // OIDC signs in only people an admin invited, with an address the provider verified; the
      // first sign-in binds the account to the provider's subject, and later ones must match it.
      async signIn({ user, account, profile }) {
        if (account?.provider !== "oidc") return true;
        const claims = (profile ?? {}) as {
          sub?: string;
          email?: string;
          email_verified?: unknown;
        };
        const h = await headers();
        const result = await bindOidcSubject(await getDb(), {
          subject: claims.sub ?? user.id,
          email: claims.email ?? user.email ?? undefined,
          emailVerified: claims.email_verified === true || claims.email_verified === "true",
          ip: clientIp(h),
          locale: chosenLocale(
            (await cookies()).get(LOCALE_COOKIE)?.value,
            h.get("accept-language"),
          ),
        });
        if (!result.ok) return `/login?error=${result.reason}`;
        return true;
      },
      // A sign-in starts a session of its own (an id and the moment, see ./sessions); a token
      // re-issued later keeps both.
      async jwt({ token, user, account }) {
        if (!user) {
          // Read by a browser at /api/auth/session: a session that no longer counts is none
          // there either, and next-auth then answers {} and clears the cookie. (Pages and
          // handlers check the session once, in getCurrentUser.)
          if (sessionRead.getStore()) await assertSessionCounts(token);
          return token;
        }
        const known =
          account?.provider === "oidc"
            ? await getUserByOidcSubject(await getDb(), user.id)
            : { id: user.id, sessionVersion: (user as { sessionVersion?: number }).sessionVersion };
        if (!known || known.sessionVersion === undefined) return token;
        return {
          ...token,
          ...newSessionClaims({ ...known, sessionVersion: known.sessionVersion }, new Date()),
        };
      },
      async session({ session, token }) {
        const claims = sessionClaimsOf(token);
        return { ...session, ...claims };
      },
    },
    logger: {
      error(code, metadata) {
        if (metadata instanceof SessionEnded) return; // an answer, not a fault
        console.error(`[next-auth][error][${code}]`, metadata);
      },
      warn(code) {
        console.warn(`[next-auth][warn][${code}]`);
      },
      debug() {},
    },
    events: {
      async signOut({ token }) {
        const claims = sessionClaimsOf(token);
        if (!claims) return;
        try {
          await endSession(await getDb(), claims, new Date(), clientIp(await headers()));
        } catch (error) {
          const outcome = signOutOutcome.getStore();
          if (outcome) outcome.failed = true;
          throw error;
        }
      },
    },
  };
}

/** Marks next-auth's own session endpoint (/api/auth/session, read or updated), run by the auth route. */
export const sessionRead = new AsyncLocalStorage<true>();

class SessionEnded extends Error {}

async function assertSessionCounts(token: unknown): Promise<void> {
  const claims = sessionClaimsOf(token);
  if (!claims || !(await sessionUser(await getDb(), claims, new Date()))) {
    throw new SessionEnded("the session no longer counts");
  }
}

/**
 * Whether a sign-out's session was ended in the database. next-auth logs a failure of its
 * sign-out event and clears the cookie all the same; the auth route runs a sign-out inside this
 * store and answers an error instead, so nobody is told they signed out while their session
 * still works.
 */
export const signOutOutcome = new AsyncLocalStorage<{ failed: boolean }>();

/** The user as the audit trail names them; with `requires`, the role their request was let in with. */
function actorOf(user: User, ip?: string, requires?: Role, whenAccessLost?: () => never): Actor {
  return {
    type: "user",
    id: user.id,
    label: user.email,
    role: user.role,
    ip,
    requires,
    whenAccessLost,
  };
}

/**
 * The signed-in, enabled user of this request (read fresh from the database), or null. A token
 * whose session was ended (a sign-out), began more than 12 hours ago, or carries a session
 * version that is not the user's current one (issued before a password change, a reset, or
 * disabling) is no session at all.
 */
export const getCurrentUser = cache(async (): Promise<User | null> => {
  const claims = await currentSessionClaims();
  return claims ? sessionUser(await getDb(), claims, new Date()) : null;
});

/** The claims of this request's session token, read once per request (whether it counts or not). */
export const currentSessionClaims = cache(async () =>
  sessionClaimsOf(await getServerSession(await getAuthOptions())),
);

/**
 * Audits a refused request as `access.denied`: the caller's first refusals in a window, then one
 * saying that further ones are not audited (refusalAuditLimit), then nothing until it ends.
 */
async function auditRefusal(actor: Actor, resource: string, needed: string) {
  try {
    const db = await getDb();
    const caller = actor.type === "user" || actor.type === "api_key" ? actor.id : actor.label;
    const limit = refusalAuditLimit;
    // The real clock, as for every decision about access (FIRSTPARTY_NOW fixes only "today").
    const count = await hit(db, `refused:${actor.type}:${caller}`, limit, new Date());
    if (count > limit.max + 1) return;
    await recordAudit(db, actor, {
      action: "access.denied",
      entityType: "route",
      entityId: resource,
      detail:
        count > limit.max
          ? { needed, furtherRefusalsNotAudited: true, windowSeconds: limit.windowSeconds }
          : { needed },
    });
  } catch (error) {
    console.error("could not audit a refusal:", error);
  }
}

/**
 * For pages and server actions: the user, or a redirect to sign-in. A user who must set their
 * own password first (invited, or reset by an admin) is sent to that page from every other.
 */
export async function requireUser(): Promise<User> {
  const user = await getCurrentUser();
  if (!user) redirect(await signInAgain());
  if (user.mustChangePassword) redirect(PASSWORD_PAGE);
  return user;
}

export const PASSWORD_PAGE = "/account/password";

/** Sign-in, returning to the page asked for (the proxy names it): its session had ended. */
async function signInAgain(): Promise<string> {
  return signInPath((await headers()).get(RETURN_HEADER));
}

/**
 * Makes this browser known for the account as it now is (lib/auth/known-device): after a
 * password sign-in, and after its own user moved the session version on here (a new password,
 * "sign out everywhere else"), which would otherwise make their own browser a stranger too.
 */
export async function rememberThisBrowser(account: KnownAccount): Promise<void> {
  const { name, value, options } = await knownBrowser(account);
  (await cookies()).set(name, value, options);
}

/** This browser's known-device cookie with `account` added, for a handler's own answer. */
export async function knownBrowser(account: KnownAccount) {
  const { secret } = await getAuthOptions();
  if (!secret) throw new Error("The sign-in secret is not set");
  const device = (await cookies()).get(KNOWN_DEVICE_COOKIE)?.value;
  return {
    name: KNOWN_DEVICE_COOKIE,
    value: withAccount(secret, device, account),
    options: {
      httpOnly: true as const,
      sameSite: "lax" as const,
      path: "/" as const,
      secure: (env().nextAuthUrl ?? "").startsWith("https://"),
      maxAge: KNOWN_DEVICE_DAYS * 86_400,
    },
  };
}

/** For pages and server actions: the user if their role is `minimum` or above, else 403. */
export async function requireRole(
  minimum: Role,
  resource: string,
): Promise<{ user: User; actor: Actor; db: Db }> {
  const user = await requireUser();
  const ip = clientIp(await headers());
  if (!hasRole(user.role, minimum)) {
    await auditRefusal(actorOf(user, ip), resource, minimum);
    forbidden();
  }
  return { user, actor: actorOf(user, ip, minimum, forbidden), db: await getDb() };
}

/**
 * For the password page and its actions: the signed-in user even while they must still replace
 * a temporary password (every other page sends them there), or a redirect to sign-in.
 */
export async function requireAccountHolder(): Promise<{ user: User; actor: Actor; db: Db }> {
  const user = await getCurrentUser();
  if (!user) redirect(await signInAgain());
  return { user, actor: actorOf(user, clientIp(await headers())), db: await getDb() };
}

/**
 * For the few pages anyone may open (a one-time password link: the token in it is the
 * permission, checked by lib/accounts). Named so that every route still gets its database
 * from this module, and a reader sees at once that no sign-in is asked for.
 */
export async function withoutSignIn(): Promise<{ db: Db }> {
  return { db: await getDb() };
}

/** The API key an Authorization header carries: a bearer token, or (if allowed) a Basic user. */
export function apiKeyOf(authorization: string | null, basic: boolean): string | undefined {
  if (!authorization) return undefined;
  const [scheme, credentials = ""] = authorization.trim().split(/\s+/, 2);
  if (scheme!.toLowerCase() === "bearer") return credentials;
  if (!basic || scheme!.toLowerCase() !== "basic") return undefined;
  const decoded = Buffer.from(credentials, "base64").toString("utf8");
  return decoded.split(":", 1)[0]!;
}

export type RequestAuth =
  { ok: true; actor: Actor; user?: User } | { ok: false; status: 401 | 403; error: string };

/**
 * For route handlers: a session whose role is `role` or above, or a bearer key with `scope`.
 * Either may be omitted to refuse that kind of caller.
 */
export async function authorizeRequest(
  request: Request,
  need: {
    role?: Role;
    /** The scope a key needs, or the scopes any one of which will do. */
    scope?: ApiKeyScope | readonly ApiKeyScope[];
    allowPasswordChangePending?: boolean;
    /** Also take the key as the user name of HTTP Basic (Segment's write-key convention). */
    basicKey?: boolean;
  },
): Promise<RequestAuth> {
  const ip = clientIp(request.headers);
  const resource = `${request.method} ${new URL(request.url).pathname}`;
  const token = apiKeyOf(request.headers.get("authorization"), need.basicKey === true);
  if (token !== undefined) {
    // Keys are made, and expire, by the real clock (FIRSTPARTY_NOW fixes only "today").
    const key = await authenticateApiKey(await getDb(), token, new Date());
    if (!key) return { ok: false, status: 401, error: "The API key is unknown or revoked" };
    const actor: Actor = {
      type: "api_key",
      id: key.id,
      label: key.name,
      scopes: key.scopes,
      ip,
      held: true,
    };
    const wanted = need.scope === undefined ? [] : [need.scope].flat();
    if (!wanted.some((scope) => scopeAllows(key.scopes, scope))) {
      const names = wanted.map((scope) => `"${scope}"`).join(" or ");
      await auditRefusal(actor, resource, wanted.join("|") || "session");
      return {
        ok: false,
        status: 403,
        error: names ? `This API key lacks the ${names} scope` : "API keys cannot use this route",
      };
    }
    return { ok: true, actor };
  }
  const user = await getCurrentUser();
  if (!user) return { ok: false, status: 401, error: "Sign in or send an API key" };
  if (user.mustChangePassword && !need.allowPasswordChangePending) {
    return {
      ok: false,
      status: 403,
      error: "Set your own password first (POST /api/v1/me/password)",
    };
  }
  if (!need.role || !hasRole(user.role, need.role)) {
    await auditRefusal(actorOf(user, ip), resource, need.role ?? "api_key");
    return { ok: false, status: 403, error: "Your role does not allow this" };
  }
  return { ok: true, actor: actorOf(user, ip, need.role), user };
}
