/**
 * Runs before every request: sets the nonce-based Content-Security-Policy and, for comfort only,
 * sends visitors without a session cookie to the sign-in page. It is never the authorization
 * check: every page, action and route handler checks the user's role on the server itself.
 */
import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy } from "@/lib/csp";
import { landingFromAnotherSiteAt } from "@/lib/consent/look-up-path";
import { fromAnotherSite } from "@/lib/http/fetch-site";
import { RETURN_HEADER } from "@/lib/auth/callback";

const SESSION_COOKIES = ["next-auth.session-token", "__Secure-next-auth.session-token"];
const PUBLIC_PATHS = [
  "/login",
  "/set-password",
  "/robots.txt",
  "/icon.svg",
  "/api/",
  "/_next/",
  "/favicon",
];

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const signedIn = SESSION_COOKIES.some((name) => request.cookies.has(name));
  // A script with an API key on the imports' routes (which take an admin key) is no visitor to
  // send to the sign-in page: the route checks its key. (Not any Authorization header: a proxy's
  // Basic authentication sends one with every browser request.)
  const script =
    pathname.startsWith("/admin/imports/") &&
    /^bearer\s/i.test(request.headers.get("authorization") ?? "");
  // Where sign-in returns to. A customer look-up linked from another site is asked for again
  // after signing in, not run by the sign-in page's return (which comes from this site).
  const back = fromAnotherSite(request.headers)
    ? landingFromAnotherSiteAt(pathname + search)
    : pathname + search;
  if (!signedIn && !script && !PUBLIC_PATHS.some((p) => pathname === p || pathname.startsWith(p))) {
    const login = new URL("/login", request.url);
    if (pathname !== "/") login.searchParams.set("callbackUrl", back);
    return NextResponse.redirect(login);
  }

  // For a page whose session turns out to have ended (signed out elsewhere, a reset): its
  // sign-in returns here too (signInPath). Set here, never the client's own.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set(RETURN_HEADER, back);
  // The admin's preview of the preference page is framed by the admin page and sets a policy
  // of its own (no script), as the customers' pages do: a second policy would forbid the frame.
  if (pathname === "/admin/preference-center/preview")
    return NextResponse.next({ request: { headers: requestHeaders } });

  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(nonce, {
    dev: process.env.NODE_ENV === "development",
    https: request.nextUrl.protocol === "https:",
  });
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

export const config = {
  // Not the customers' preference pages: public, with a policy of their own (no script; framed
  // only by the origins an admin allowed), and the one page that takes load from outside. Not
  // the upload route nor the API: a request the proxy sees has its body buffered (up to 10 MB,
  // held in memory) before its route runs, so a client announcing a large body would be waited
  // for, and held, before the route refuses it by its credentials or its Content-Length. Both
  // answer JSON, check the session or key themselves and need no page's policy.
  matcher: [
    "/((?!_next/static|_next/image|favicon.ico|preferences/|admin/imports/upload|api/v1/).*)",
  ],
};
