import { changeOwnPassword, changePasswordSchema } from "@/lib/accounts";
import { freshSessionCookie, serializeSessionCookie } from "@/lib/auth/session-cookie";
import { knownBrowser } from "@/lib/auth/session";
import { HttpError, parseBody, readJson, withAuth, otherMethods } from "@/lib/http";

export const dynamic = "force-dynamic";

// Signed-in users only (any role; API keys have no password). Also open to users who must set
// their own password first: this is where they do it.
export const POST = withAuth(
  { role: "marketing", allowPasswordChangePending: true },
  async (request, { user, actor, db }) => {
    if (!user) throw new HttpError(403, "Only a signed-in user changes their password");
    const input = parseBody(changePasswordSchema, await readJson(request, 10_000));
    const updated = await changeOwnPassword(
      db,
      user,
      input,
      new Date(),
      actor.type === "user" ? actor.ip : undefined,
    );
    // This browser gets a session with the new version; every other session has ended.
    const cookie = await freshSessionCookie(updated);
    const response = new Response(null, { status: 204 });
    response.headers.append("set-cookie", serializeSessionCookie(cookie));
    // Known for the account's new session version, as the page's change does: the account's
    // limit on failed sign-ins from everywhere does not hold this browser out.
    response.headers.append("set-cookie", serializeSessionCookie(await knownBrowser(updated)));
    return response;
  },
);

// Any other method: a 405 naming these, in the API's error shape.
export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
