/**
 * The preference page's route, called as the server calls it: an address that tried too many
 * links that do not exist is refused any more of them, while a working link still opens from it
 * (customers share addresses with whoever scans: a mobile carrier's, an office's); a link checker's
 * HEAD is answered without counting as a view, and neither is a GET that is not a browser
 * opening the page (a mail scanner's).
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLIENT_ADDRESS_HEADER } from "@/lib/auth/client-address";
import { feeder } from "@/tests/actors";
import { createTestDatabase, type TestDatabase } from "@/tests/database";
import { GET, HEAD, POST } from "@/app/preferences/[token]/route";
import { createPurpose } from "@/lib/purposes";
import { ada } from "@/tests/actors";
import { getSubjectConsents } from "@/lib/consent/history";
import { NotFoundError } from "@/lib/errors";
import { getPreferenceCenterMetrics, visitsSince } from "./funnel";
import { createPreferenceLink, resolvePreferenceLink } from "./links";

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase({ app: true }); // the app's own database too
});
afterAll(async () => {
  await t?.drop();
});

const ORIGIN = "https://fp.example.org";

/** The headers every current browser sends when it opens a page. */
const BROWSER = { "sec-fetch-mode": "navigate", "sec-fetch-dest": "document" };

/** Asks the route for /preferences/<token> from `address`, by GET or HEAD, as a plain client. */
function ask(
  token: string,
  address: string,
  method: "GET" | "HEAD" = "GET",
  headers: Record<string, string> = {},
) {
  const request = new Request(`${ORIGIN}/preferences/${token}`, {
    method,
    headers: { [CLIENT_ADDRESS_HEADER]: address, ...headers },
  });
  return (method === "GET" ? GET : HEAD)(request, { params: Promise.resolve({ token }) });
}

/** Opens /preferences/<token> from `address`; the answer's status. */
const open = async (token: string, address: string) => (await ask(token, address)).status;

/** A working link's token for the customer. */
async function issue(subjectId: string): Promise<string> {
  const { url } = await createPreferenceLink(
    t.db,
    feeder,
    { subjectId, expiresInDays: 30 },
    { origin: ORIGIN, now: new Date() },
  );
  return url.split("/").pop()!;
}

/** A token no link has: 43 characters of base64url, as a real one. */
const forged = (i: number) => `forged${String(i).padStart(37, "0")}`;

describe("a scan for preference links", () => {
  it("is answered 429 for unknown links once an address has tried 30, a working one still opening", async () => {
    const working = await issue("scanned-1");
    expect(await open(working, "198.51.100.7")).toBe(200);

    const misses: number[] = [];
    for (let i = 0; i < 30; i++) misses.push(await open(forged(i), "198.51.100.7"));
    expect(new Set(misses)).toEqual(new Set([404]));
    expect(await open(forged(30), "198.51.100.7")).toBe(429);
    // A customer behind the same address (a carrier's shared address, an office) is not locked
    // out of their own page: a link's 256 random bits cannot be found by trying, so a working
    // link answering tells a scan nothing it could use.
    expect(await open(working, "198.51.100.7")).toBe(200);
    expect(await open(forged(31), "198.51.100.7")).toBe(429);
    // Another address is not held up.
    expect(await open(working, "203.0.113.9")).toBe(200);
  }, 60_000);

  it("counts an IPv6 client by its /64, which one household or server holds whole", async () => {
    const working = await issue("scanned-2");
    // One /64, a new address for every try.
    const misses: number[] = [];
    for (let i = 0; i < 30; i++) misses.push(await open(forged(100 + i), `2001:db8:7::${i + 1}`));
    expect(new Set(misses)).toEqual(new Set([404]));
    expect(await open(forged(130), "2001:db8:7::ffff")).toBe(429);
    expect(await open(working, "2001:db8:7::ffff")).toBe(200);
    // The next /64 is another client.
    expect(await open(forged(131), "2001:db8:8::1")).toBe(404);
  }, 60_000);
});

describe("a link checker", () => {
  it("is answered HEAD as the page would be, and no view is recorded", async () => {
    const token = await issue("checked-1");
    const link = (await resolvePreferenceLink(t.db, token, new Date()))!;
    const views = () => visitsSince(t.db, link.id, new Date(Date.now() - 60_000));

    const checked = await ask(token, "192.0.2.1", "HEAD");
    expect(checked.status).toBe(200);
    expect(checked.headers.get("cache-control")).toBe("no-store");
    expect(await checked.text()).toBe("");
    expect(await views()).toBe(0);
    expect(await open(token, "192.0.2.1")).toBe(200);
    expect(await views()).toBe(1);
    // A link that does not work says so to a HEAD too.
    expect((await ask(forged(0), "192.0.2.1", "HEAD")).status).toBe(404);
  });
});

describe("a mail scanner", () => {
  it("gets the page, counted as a fetch rather than a view; a browser's opening is a view", async () => {
    const token = await issue("scanned-1");
    const link = (await resolvePreferenceLink(t.db, token, new Date()))!;
    const today = new Date().toISOString().slice(0, 10);
    const funnel = () => getPreferenceCenterMetrics(t.db, { from: today, to: today });
    const before = await funnel();

    const scanned = await ask(token, "192.0.2.2");
    expect(scanned.status).toBe(200);
    expect(await scanned.text()).toMatch(/^<!doctype html>/);
    const opened = await ask(token, "192.0.2.3", "GET", BROWSER);
    expect(opened.status).toBe(200);

    const after = await funnel();
    expect(after.views - before.views).toBe(1);
    expect(after.fetches - before.fetches).toBe(1);
    // Both count towards the link's own throttle.
    expect(await visitsSince(t.db, link.id, new Date(Date.now() - 60_000))).toBe(2);
  });
});

describe("a customer whose browser does not say it opened the page", () => {
  it("is counted as having seen it when they save it, once per save not preceded by a view", async () => {
    await createPurpose(t.db, ada, {
      key: "letters",
      name: "Letters",
      functionalArea: "marketing",
      legalBasis: "consent",
      customerDescription: "Letters by post.",
      dataCategories: ["contact"],
      retentionDays: 365,
      status: "active",
    });
    const token = await issue("quiet-1");
    const today = new Date().toISOString().slice(0, 10);
    const funnel = () => getPreferenceCenterMetrics(t.db, { from: today, to: today });
    const before = await funnel();
    const save = () => post(token, "shown%3Aletters=1%3A0&grant=letters");

    // Opened by a client that sends no Sec-Fetch-Mode (as a mail scanner does), then saved:
    // whoever saved saw the page.
    expect((await ask(token, "192.0.2.4")).status).toBe(200);
    expect((await save()).status).toBe(200);
    const after = await funnel();
    expect([after.views, after.saves, after.fetches]).toEqual([
      before.views + 1,
      before.saves + 1,
      before.fetches + 1,
    ]);
    expect(after.byPurpose.find((p) => p.key === "letters")).toMatchObject({
      shown: 1,
      granted: 1,
    });
    // Saved again from the page the save answered: seen again, a second view.
    expect((await save()).status).toBe(200);
    expect((await funnel()).views).toBe(before.views + 2);
    // Opened by a browser, then saved: that view is the one; no other is counted.
    expect((await ask(token, "192.0.2.4", "GET", BROWSER)).status).toBe(200);
    expect((await save()).status).toBe(200);
    const last = await funnel();
    expect([last.views, last.saves]).toEqual([before.views + 3, before.saves + 3]);

    // A form naming a purpose its page did not show (one not resting on consent) counts no
    // view of that purpose.
    await createPurpose(t.db, ada, {
      key: "invoices",
      name: "Invoices",
      functionalArea: "service",
      legalBasis: "contract",
      customerDescription: "Invoices by post.",
      dataCategories: ["contact"],
      retentionDays: 365,
      status: "active",
    });
    const named = await post(token, "shown%3Aletters=1%3A1&shown%3Ainvoices=1%3A0&grant=letters");
    expect(named.status).toBe(200);
    expect((await funnel()).byPurpose.map((p) => p.key)).not.toContain("invoices");
  });

  it("refuses a form the page did not write (400), saving nothing", async () => {
    const token = await issue("forms-1");
    for (const body of [
      "shown%3Aletters=abc&grant=letters",
      "shown%3Aletters=1%3Ayes&grant=letters",
      "shown%3Aletters=1.5&grant=letters",
      "shown-gpc=yes&shown%3Aletters=1%3A1&grant=letters",
    ]) {
      const answer = await post(token, body);
      expect(answer.status).toBe(400);
      expect(await answer.text()).toContain("did not arrive as the page sends them");
    }
    await expect(getSubjectConsents(t.db, "forms-1")).rejects.toThrow(NotFoundError);
  });

  it("writes into its form whether it was shown under Global Privacy Control", async () => {
    const token = await issue("signal-1");
    const field = async (headers: Record<string, string>) =>
      /name="shown-gpc" value="([01])"/.exec(
        await (await ask(token, "192.0.2.5", "GET", headers)).text(),
      )?.[1];
    expect(await field({})).toBe("0");
    expect(await field({ "sec-gpc": "1" })).toBe("1");
  });

  it("lets a link be opened at most 60 times a minute, also when the requests come at once", async () => {
    const token = await issue("burst-1");
    const answers = await Promise.all(
      Array.from({ length: 90 }, (_, i) => open(token, `192.0.2.${10 + (i % 50)}`)),
    );
    expect(answers.filter((s) => s === 200)).toHaveLength(60);
    expect(answers.filter((s) => s === 429)).toHaveLength(30);
  });

  it("tells a working link opened too often to wait a minute, not that it expired", async () => {
    const token = await issue("busy-1");
    for (let i = 0; i < 60; i++) expect(await open(token, "192.0.2.9")).toBe(200);
    const busy = await ask(token, "192.0.2.9");
    expect(busy.status).toBe(429);
    expect(busy.headers.get("retry-after")).toBe("60");
    const body = await busy.text();
    expect(body).toContain("This link was opened too often just now");
    expect(body).not.toContain("expired");
  });
});

/** Saves the customer's page of `token` with the form `body`, from the page's own origin. */
function post(token: string, body: string) {
  return POST(
    new Request(`${ORIGIN}/preferences/${token}`, {
      method: "POST",
      headers: {
        [CLIENT_ADDRESS_HEADER]: "192.0.2.4",
        origin: ORIGIN,
        "content-type": "application/x-www-form-urlencoded",
      },
      body,
    }),
    { params: Promise.resolve({ token }) },
  );
}

describe("a customer when the server fails", () => {
  /** Runs `during` with the table `name` out of the app's reach (renamed), then puts it back. */
  async function without(name: string, during: () => Promise<void>) {
    await t.db.execute(sql.raw(`alter table ${name} rename to ${name}_away`));
    try {
      await during();
    } finally {
      await t.db.execute(sql.raw(`alter table ${name}_away rename to ${name}`));
    }
  }
  const letters = "shown%3Aletters=1%3A0&grant=letters";
  /** How many consent events the customer has (none: the history is a NotFoundError). */
  const decisions = async (subjectId: string) =>
    (await getSubjectConsents(t.db, subjectId).catch(() => ({ history: [] }))).history.length;

  it("is told in their language that the page could not be shown, or the choices not saved", async () => {
    const token = await issue("unlucky-1");
    await without("consent_events", async () => {
      const shown = await ask(token, "192.0.2.10", "GET", {
        ...BROWSER,
        "accept-language": "de-DE,de;q=0.9",
      });
      expect(shown.status).toBe(503);
      expect(shown.headers.get("retry-after")).toBe("60");
      expect(shown.headers.get("cache-control")).toBe("no-store");
      expect(shown.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
      const page = await shown.text();
      expect(page).toContain('<html lang="de">');
      expect(page).toContain("Ihre Datenschutz-Einstellungen konnten nicht angezeigt werden");
      const saved = await post(token, letters);
      expect(saved.status).toBe(503);
      const said = await saved.text();
      expect(said).toContain("Your choices were not saved");
      expect(said).toContain("Please try again in a minute.");
    });
    expect(await decisions("unlucky-1")).toBe(0);
    expect(await open(token, "192.0.2.10")).toBe(200);
  });

  it("is told their choices were saved when only the page after the save failed", async () => {
    const token = await issue("unlucky-2");
    await without("preference_page_visits", async () => {
      const saved = await post(token, letters);
      expect(saved.status).toBe(503);
      const said = await saved.text();
      expect(said).toContain("Your choices were saved");
      expect(said).not.toContain("not saved");
    });
    expect(await decisions("unlucky-2")).toBe(1);
  });
});
