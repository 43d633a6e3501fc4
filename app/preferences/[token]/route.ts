import { withoutSignIn } from "@/lib/auth/session";
import { HttpError } from "@/lib/errors";
import { appOrigin, fromOwnPage, readBody } from "@/lib/http";
import { CLIENT_ADDRESS_HEADER } from "@/lib/auth/client-address";
import { addressBlock, hashedKey, hit, hitsSoFar } from "@/lib/auth/rate-limit";
import { isLocale, negotiateLocale } from "@/i18n/config";
import {
  preferencePagePolicy,
  renderNoticePage,
  renderPreferencePage,
} from "@/lib/preferences/html";
import { getPreferenceCenterSettings } from "@/lib/preferences/settings";
import { preferencePageText, preferenceTranslators } from "@/lib/preferences/text";
import { isDemoInstance } from "@/lib/users/demo-mode";
import { resolvePreferenceLink } from "@/lib/preferences/links";
import { openedByBrowser, recordVisit, viewedSinceLastSave } from "@/lib/preferences/funnel";
import {
  getPreferencePage,
  savePreferences,
  type PreferencePage,
  type ShownPurpose,
} from "@/lib/preferences/page";

export const dynamic = "force-dynamic";

/**
 * Throttles: links that do not exist, per client address (an address that tried 30 in a minute
 * is answered 429 for any other unknown link until the minute ends; a working link still opens
 * from it, since 256 random bits are past guessing), and uses of one link, per link (customers
 * behind one shared address do not wait on each other's use). Both are rate-limit counters,
 * each use counted in one statement, so requests sent at the same moment cannot all pass.
 */
const MISSES = { max: 30, windowSeconds: 60 };
const PER_LINK = { max: 60, windowSeconds: 60 };
/**
 * The largest form a save may send: a name and a version per purpose, some 60 bytes each. This
 * route is outside the proxy (whose body limit does not reach it) and open to anyone with a link.
 */
const MAX_FORM_BYTES = 64 * 1024;

type Context = { params: Promise<{ token: string }> };

/**
 * A customer's preference page (no sign-in: the link's token is the permission). Plain HTML
 * without script; the form posts back here and the answer is the page again, saying what was
 * recorded. A malformed, unknown or expired link gets a 404 page, a throttled client 429, a
 * form post from another site 403, a body that is not a url-encoded form 400 and one larger than
 * any form of the page 413; nothing is stored then.
 */
export async function GET(request: Request, context: Context) {
  return answered(request, context, "view");
}

/**
 * Whether the link works, with the page's status and headers but without building the page, and
 * no visit recorded: a link checker has not shown the customer anything (Next.js would otherwise
 * answer HEAD with GET, page and visit included).
 */
export async function HEAD(request: Request, context: Context) {
  const { status, headers } = await answered(request, context, "check");
  return new Response(null, { status, headers });
}

export async function POST(request: Request, context: Context) {
  return answered(request, context, "save");
}

/**
 * The page, or, when the server fails to build it or to save (the database unreachable, a bug),
 * a page that says so in the browser's language and asks to try again (503): a customer never
 * meets a bare error page, nor a save that only seems to have worked. Nothing can be read then,
 * so it names no site that may frame it; the log leaves the address out (its token is the
 * customer's permission).
 */
async function answered(request: Request, context: Context, use: "view" | "check" | "save") {
  const progress = { saved: false };
  try {
    return await handle(request, context, use, progress);
  } catch (error) {
    console.error(`preference page: the ${use} failed:`, error);
    const locale = negotiateLocale(request.headers.get("accept-language"));
    const { t } = preferenceTranslators(locale);
    // A save whose choices were committed before the failure says so: it must not be repeated
    // in the belief that nothing was recorded.
    const [title, body] = progress.saved
      ? [t("failedTitle"), t("failedAfterSaveBody")]
      : [use === "save" ? t("refusedTitle") : t("failedTitle"), t("failedBody")];
    return html(renderNoticePage({ lang: locale, title, body }), 503, [], {
      "retry-after": "60",
    });
  }
}

async function handle(
  request: Request,
  context: Context,
  use: "view" | "check" | "save",
  /** Set once a save's choices are committed. */
  progress: { saved: boolean },
) {
  const saving = use === "save";
  const { db } = await withoutSignIn();
  const now = new Date();
  const ip = request.headers.get(CLIENT_ADDRESS_HEADER) ?? "unknown";
  const { token } = await context.params;
  // An address (an IPv6 client: its /64) that has tried too many links that do not exist is
  // answered 429 for any other unknown one until its window ends. A working link still opens
  // from it: customers share addresses with whoever scans (a mobile carrier's, an office's, a
  // proxy's), and a link's 256 random bits cannot be found by trying, so its answer tells a scan
  // nothing it could use. Each link has its own limit below.
  const found = await resolvePreferenceLink(db, token, now);
  const misses = hashedKey("preferences:miss", addressBlock(ip));
  // A link's uses are counted in one statement each (requests at the same moment cannot all
  // pass); a check (HEAD) shows nothing and is not counted. Past a limit, a request is refused
  // without counting it: no write per request of a flood.
  const overLimit = async (key: string, limit: typeof MISSES, count = true) =>
    (await hitsSoFar(db, key, now)) >= limit.max ||
    (count && (await hit(db, key, limit, now)) > limit.max);
  const throttled = found
    ? await overLimit(hashedKey("preferences:link", found.id), PER_LINK, use !== "check")
    : await overLimit(misses, MISSES);
  const link = throttled ? null : found;
  // The link's language, else the browser's (never the dashboard's cookie: this is a customer).
  const locale = isLocale(found?.locale)
    ? found.locale
    : negotiateLocale(request.headers.get("accept-language"));
  const { t } = preferenceTranslators(locale);
  // A demo instance says so on every page, its customers' too.
  const demo = (await isDemoInstance()) ? { demo: t("demo") } : {};
  // A notice frames where the page would: an expired link in a shop's frame says so there.
  const notice = async (status: number, title: string, body: string, headers = {}) =>
    html(
      renderNoticePage({ lang: locale, title, body, ...demo }),
      status,
      (await getPreferenceCenterSettings(db)).embedOrigins,
      headers,
    );
  const notFound = (status: number) => notice(status, t("notFoundTitle"), t("notFoundBody"));
  // A save refused before anything is read: a page in the customer's language, not a bare word.
  const notSaved = (status: number, body: "refusedElsewhere" | "refusedForm") =>
    notice(status, t("refusedTitle"), t(body));
  // A working link opened too often in its window: it works, and says when to try again (its
  // choices, if it was a save, were not saved).
  if (found && throttled)
    return notice(429, t("busyTitle"), t("busyBody"), {
      "retry-after": String(PER_LINK.windowSeconds),
    });
  if (!link) return notFound(throttled ? 429 : 404);
  // A check learns that the link works and nothing more: the page is not built for it.
  if (use === "check") return html("", 200, (await getPreferenceCenterSettings(db)).embedOrigins);
  if (saving && !fromOwnPage(request, appOrigin(request))) return notSaved(403, "refusedElsewhere");

  const gpc = request.headers.get("sec-gpc") === "1";
  let status: { saved?: number; stale?: boolean; signalChanged?: boolean } = {};
  let saved: PreferencePage | undefined;
  // The purposes the saved form was shown with ("shown:<key>" fields).
  const shownBy = new Map<string, ShownPurpose>();
  if (saving) {
    // The page's own form, url-encoded; read no further than a form of this page can reach.
    const type = request.headers.get("content-type") ?? "";
    if (!/^application\/x-www-form-urlencoded\b/i.test(type)) return notSaved(400, "refusedForm");
    let body: Uint8Array;
    try {
      body = await readBody(request, MAX_FORM_BYTES);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      return notSaved(413, "refusedForm");
    }
    const form = new URLSearchParams(new TextDecoder().decode(body));
    // "shown:<key>" = "<version>:<1 when its box was shown ticked, else 0>".
    const shown = shownBy;
    for (const [name, value] of form) {
      if (!name.startsWith("shown:")) continue;
      // The page writes "<version>" or "<version>:<0|1>"; anything else was not sent by it.
      if (!/^\d{1,9}(:[01])?$/.test(value)) return notSaved(400, "refusedForm");
      const [version, ticked] = value.split(":");
      shown.set(name.slice(6), {
        version: Number(version),
        ...(ticked === undefined ? {} : { ticked: ticked === "1" }),
      });
    }
    // Whether the page was shown under Global Privacy Control ("shown-gpc": 1 or 0).
    const shownGpc = form.get("shown-gpc");
    if (shownGpc !== null && !/^[01]$/.test(shownGpc)) return notSaved(400, "refusedForm");
    const granted = new Set(form.getAll("grant").map(String));
    const outcome = await savePreferences(
      db,
      link,
      { granted, shown, ...(shownGpc === null ? {} : { shownWithGpc: shownGpc === "1" }) },
      { gpc, now, ip, locale },
    );
    if ("gone" in outcome) return notFound(404);
    progress.saved = !("stale" in outcome);
    status =
      "stale" in outcome
        ? { stale: true, signalChanged: outcome.signalChanged }
        : { saved: outcome.saved };
    saved = outcome.page;
  }
  const [page, look] = await Promise.all([
    saved ?? getPreferencePage(db, link.subjectId, { gpc, locale }),
    getPreferenceCenterSettings(db),
  ]);
  const shownKeys = page.purposes.map((p) => p.key);
  const action =
    saving && !status.stale ? "save" : openedByBrowser(request) || saving ? "view" : "fetch";
  // Whoever saved saw the page, with the purposes its form names, even where their GET was not
  // told apart from a mail scanner's (a client that sends no Sec-Fetch-Mode), or where they saved
  // again from the page a save answered: a save with no view of the link since its last save
  // counts that view too.
  if (action === "save" && !(await viewedSinceLastSave(db, link.id)))
    await recordVisit(
      db,
      link.id,
      "view",
      // The purposes of the page it saved: a key the page no longer shows (retired since) or
      // never showed is no view of a purpose.
      [...shownBy.keys()].filter((key) => shownKeys.includes(key)),
      now,
    );
  await recordVisit(db, link.id, action, shownKeys, now);
  return html(
    renderPreferencePage(
      page,
      preferencePageText(locale, look, demo.demo !== undefined),
      status,
      look,
    ),
    status.stale ? 409 : 200,
    look.embedOrigins,
  );
}

function html(
  body: string,
  status: number,
  embedOrigins: readonly string[] = [],
  extra: Record<string, string> = {},
): Response {
  return new Response(body, {
    status,
    headers: {
      ...extra,
      "content-security-policy": preferencePagePolicy(embedOrigins),
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "x-robots-tag": "noindex, nofollow",
      "referrer-policy": "same-origin",
    },
  });
}
