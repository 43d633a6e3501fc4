import { getLocale } from "next-intl/server";
import { isLocale, locales } from "@/i18n/config";
import type { Db } from "@/lib/database";
import { withoutSignIn } from "@/lib/auth/session";
import { isoDay, now } from "@/lib/clock";
import { appOrigin, jsonError, toErrorResponse, withAuth, otherMethods } from "@/lib/http";
import { listDeadlines, listLaws } from "@/lib/laws";
import { lawsCalendar } from "@/lib/laws/calendar";
import { verifyCalendarFeed } from "@/lib/laws/feed";

export const dynamic = "force-dynamic";

async function calendar(request: Request, { db }: { db: Db }): Promise<Response> {
  // The language a subscription link names (calendar apps send no cookie), else the reader's.
  const asked = new URL(request.url).searchParams.get("lang");
  if (asked !== null && !isLocale(asked)) {
    const message = `Choose one of ${locales.join(", ")}, not "${asked.slice(0, 20)}"`;
    return jsonError(400, "The calendar's language is not one it has", [{ path: "lang", message }]);
  }
  const chosen = asked ?? (await getLocale());
  const locale = isLocale(chosen) ? chosen : "en";
  const [laws, deadlines] = await Promise.all([listLaws(db, isoDay(now())), listDeadlines(db)]);
  // The configured address's host, whichever address the request came by: the file downloaded
  // from a page and the subscription (built from NEXTAUTH_URL) name their events alike.
  const host = new URL(appOrigin(request)).hostname || "firstparty";
  return new Response(lawsCalendar(laws, deadlines, host, locale), {
    headers: {
      "content-type": "text/calendar; charset=utf-8",
      "content-disposition": 'inline; filename="firstparty-laws.ics"',
      "cache-control": "private, no-store",
    },
  });
}

const withSession = withAuth({ role: "marketing", scope: "read" }, calendar);

/**
 * RFC 5545 calendar of effective dates, phases and internal deadlines: for a session or a read
 * key, or for a calendar app holding a user's subscription link (?user&token), in the language
 * `lang` names or else the reader's.
 */
export async function GET(request: Request, context: { params: Promise<object> }) {
  const query = new URL(request.url).searchParams;
  if (!query.has("token")) return withSession(request, context as never);
  try {
    if (!(await verifyCalendarFeed(query.get("user"), query.get("token"))))
      return jsonError(401, "This calendar link is not valid (or its user no longer has access)");
    // The signed link is the permission (verifyCalendarFeed checked it and the user's access).
    return await calendar(request, await withoutSignIn());
  } catch (error) {
    return toErrorResponse(error);
  }
}

// Any other method: a 405 naming these, in the API's error shape.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
