import { getDb } from "@/db/client";
import { isoDay, now } from "@/lib/clock";
import { withAuth } from "@/lib/http";
import { listDeadlines, listLaws } from "@/lib/laws";
import { lawsCalendar } from "@/lib/laws/calendar";

export const dynamic = "force-dynamic";

/** RFC 5545 calendar of effective dates, phases and internal deadlines. */
export const GET = withAuth({ role: "marketing", scope: "read" }, async (request) => {
  const db = await getDb();
  const [laws, deadlines] = await Promise.all([listLaws(db, isoDay(now())), listDeadlines(db)]);
  const host = new URL(request.url).hostname || "firstparty";
  return new Response(lawsCalendar(laws, deadlines, host), {
    headers: {
      "content-type": "text/calendar; charset=utf-8",
      "content-disposition": 'inline; filename="firstparty-laws.ics"',
      "cache-control": "private, max-age=300",
    },
  });
});
