import "server-only";
/**
 * The preference-center funnel: how often customers opened their page and saved it, and per
 * purpose how often it was shown and what the page recorded (from the consent events whose
 * notice version is the page's). Views and saves are append-only rows, one insert each, so
 * many customers at once never wait on a shared counter.
 */
import { and, eq, gte, lt, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db/connect";
import { addDays } from "@/lib/date-range";
import type { preferenceCenterMetricsResponse } from "@/lib/openapi/responses";
import { consentEvents, preferencePageVisits, purposes } from "@/db/schema";
import { PREFERENCE_CENTER_VERSION } from "./page";
import { rowsOf } from "@/lib/sql-rows";

/**
 * Whether the request is a browser opening the page, as a page or in a frame. Browsers say so
 * (`Sec-Fetch-Mode: navigate`, sent by every current one); mail scanners and link checkers that
 * follow a link before the customer does are plain HTTP clients and do not.
 */
export const openedByBrowser = (request: Request) =>
  request.headers.get("sec-fetch-mode") === "navigate";

export async function recordVisit(
  db: Db,
  linkId: string,
  action: "view" | "save" | "fetch",
  purposeKeys: string[],
  at: Date,
): Promise<void> {
  await db.insert(preferencePageVisits).values({ linkId, action, purposeKeys, at });
}

/**
 * Whether a link's page was shown to a browser (a view) after its last save, or ever if none.
 * A view counted with a save carries its moment, so it is not after it.
 */
export async function viewedSinceLastSave(db: Db, linkId: string): Promise<boolean> {
  const rows = rowsOf<{ viewed: boolean }>(
    await db.execute(sql`
      select exists (
        select 1 from preference_page_visits v
        where v.link_id = ${linkId} and v.action = 'view'
          and v.at > coalesce(
            (select max(s.at) from preference_page_visits s
             where s.link_id = ${linkId} and s.action = 'save'),
            '-infinity'::timestamptz)
      ) as viewed`),
  );
  return rows[0]?.viewed === true;
}

/** How often a link's page was shown, saved or fetched since `since`, as its visits record it. */
export async function visitsSince(db: Db, linkId: string, since: Date): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(preferencePageVisits)
    .where(and(eq(preferencePageVisits.linkId, linkId), gte(preferencePageVisits.at, since)));
  return row?.n ?? 0;
}

/** The funnel as GET /api/v1/metrics/preference-center answers it (the documented response). */
export type PreferenceCenterMetrics = z.output<typeof preferenceCenterMetricsResponse>;

/** The funnel over the days from `from` to `to` (inclusive, UTC). */
export async function getPreferenceCenterMetrics(
  db: Db,
  range: { from: string; to: string },
): Promise<PreferenceCenterMetrics> {
  const start = new Date(`${range.from}T00:00:00Z`);
  const end = new Date(`${addDays(range.to, 1)}T00:00:00Z`);
  const inRange = and(gte(preferencePageVisits.at, start), lt(preferencePageVisits.at, end));

  const [days, shown, recorded, catalog] = await Promise.all([
    db
      .select({
        day: sql<string>`to_char(${preferencePageVisits.at} at time zone 'UTC', 'YYYY-MM-DD')`,
        views: sql<number>`count(*) filter (where ${preferencePageVisits.action} = 'view')::int`,
        saves: sql<number>`count(*) filter (where ${preferencePageVisits.action} = 'save')::int`,
        fetches: sql<number>`count(*) filter (where ${preferencePageVisits.action} = 'fetch')::int`,
      })
      .from(preferencePageVisits)
      .where(inRange)
      .groupBy(sql`1`)
      .orderBy(sql`1`),
    db
      .select({
        key: sql<string>`unnest(${preferencePageVisits.purposeKeys})`,
        n: sql<number>`count(*)::int`,
      })
      .from(preferencePageVisits)
      .where(and(inRange, sql`${preferencePageVisits.action} = 'view'`))
      .groupBy(sql`1`),
    db
      .select({
        purposeId: consentEvents.purposeId,
        granted: sql<number>`count(*) filter (where ${consentEvents.action} = 'grant')::int`,
        denied: sql<number>`count(*) filter (where ${consentEvents.action} <> 'grant')::int`,
      })
      .from(consentEvents)
      .where(
        and(
          sql`${consentEvents.noticeVersion} = ${PREFERENCE_CENTER_VERSION}`,
          gte(consentEvents.occurredAt, start),
          lt(consentEvents.occurredAt, end),
        ),
      )
      .groupBy(consentEvents.purposeId),
    db.select({ id: purposes.id, key: purposes.key, name: purposes.name }).from(purposes),
  ]);
  const shownBy = new Map(shown.map((r) => [r.key, Number(r.n)]));
  const recordedBy = new Map(recorded.map((r) => [r.purposeId, r]));
  const byPurpose = catalog
    .map((p) => ({
      key: p.key,
      name: p.name,
      shown: shownBy.get(p.key) ?? 0,
      granted: Number(recordedBy.get(p.id)?.granted ?? 0),
      denied: Number(recordedBy.get(p.id)?.denied ?? 0),
    }))
    .filter((p) => p.shown + p.granted + p.denied > 0)
    .sort((a, b) => b.shown - a.shown || a.key.localeCompare(b.key));
  const series = days
    .map((d) => ({ day: d.day, views: Number(d.views), saves: Number(d.saves) }))
    .filter((d) => d.views + d.saves > 0);
  return {
    from: range.from,
    to: range.to,
    views: series.reduce((n, d) => n + d.views, 0),
    saves: series.reduce((n, d) => n + d.saves, 0),
    fetches: days.reduce((n, d) => n + Number(d.fetches), 0),
    byPurpose,
    series,
  };
}
