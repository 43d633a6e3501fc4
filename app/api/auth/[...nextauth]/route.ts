import NextAuth from "next-auth";
import { getAuthOptions, sessionRead, signOutOutcome } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

// next-auth's standard routes (/api/auth/csrf, /callback/credentials, /session, …). The options
// are built on first use because the signing secret may live in the data folder or database.
async function handler(request: Request, context: { params: Promise<{ nextauth: string[] }> }) {
  const nextAuth = NextAuth(await getAuthOptions());
  const { nextauth } = await context.params;
  // next-auth takes its action from the first segment (/signout/anything signs out too).
  if (nextauth[0] === "session") {
    return sessionRead.run(true, () => nextAuth(request, context));
  }
  if (request.method !== "POST" || nextauth[0] !== "signout") return nextAuth(request, context);
  // A sign-out whose session could not be ended keeps its cookie and says so (see
  // signOutOutcome): the browser stays signed in rather than seeming to have signed out.
  const outcome = { failed: false };
  const response = await signOutOutcome.run(outcome, () => nextAuth(request, context));
  if (!outcome.failed) return response;
  return Response.json(
    { error: "The session could not be ended; you are still signed in. Try again." },
    { status: 503, headers: { "cache-control": "no-store" } },
  );
}

export { handler as GET, handler as POST };
