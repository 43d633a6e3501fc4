/**
 * CSV on the ingest routes, through the real route handlers with an ingest key: a header naming
 * the JSON fields, the same all-or-nothing rules, issues by line, comma or semicolon, UTF-8 with a
 * byte-order mark or Windows-1252 as the charset says — and nothing stored when any row is bad.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consentEvents, profileAttributes, profiles } from "@/db/schema";
import { createApiKey } from "@/lib/api-keys";
import { createPurpose } from "@/lib/purposes";
import { createSource } from "@/lib/sources";
import { system } from "@/tests/actors";
import { keyOwner } from "@/tests/key-owner";
import { createTestDatabase, type TestDatabase } from "@/tests/database";

let t: TestDatabase;
let key: string;

beforeAll(async () => {
  t = await createTestDatabase({ app: true }); // the app's own database too
  const admin = await keyOwner(t.db);
  key = (await createApiKey(t.db, admin, { name: "feeder", scopes: ["ingest"] })).key;
  for (const purpose of ["newsletter", "analytics"])
    await createPurpose(
      t.db,
      system,
      {
        key: purpose,
        name: purpose,
        functionalArea: "marketing",
        legalBasis: "consent",
        customerDescription: "What it does",
        dataCategories: ["contact"],
        retentionDays: 30,
        status: "active",
      },
      new Date("2026-01-01T00:00:00Z"),
    );
  await createSource(t.db, system, {
    key: "crm",
    name: "CRM",
    party: "first",
    category: "crm",
    channel: "online",
    monthlyVolume: 10,
    activeFrom: "2026-01-01",
  });
});
afterAll(async () => {
  await t?.drop();
});

async function post(
  path: "consent-events" | "profiles",
  body: Uint8Array<ArrayBuffer> | string,
  type: string,
) {
  const route =
    path === "consent-events"
      ? await import("@/app/api/v1/consent-events/route")
      : await import("@/app/api/v1/profiles/route");
  const response = await route.POST(
    new Request(`http://localhost/api/v1/${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": type },
      body,
    }),
    { params: Promise.resolve({}) },
  );
  return {
    status: response.status,
    body: (await response.json()) as {
      error?: string;
      issues?: { path: (string | number)[]; field?: string; message: string }[];
      accepted?: number;
      duplicates?: number;
    },
  };
}

const eventCount = async () =>
  Number((await t.db.select({ n: sql<number>`count(*)` }).from(consentEvents))[0]!.n);

const header = "eventId,subjectId,purpose,action,occurredAt,channel,region,gpc,source";

describe("POST /api/v1/consent-events as text/csv", () => {
  it("stores every row of a valid file once, with gpc and the source", async () => {
    const csv = [
      header,
      "e1,s1,newsletter,grant,2026-11-01T10:00:00Z,web,DE,false,crm",
      "e2,s1,analytics,deny,2026-11-01T10:00:00Z,web,DE,true,",
      "e3,s2,newsletter,grant,2026-11-02T10:00:00Z,email,US-CA,,",
    ].join("\r\n");
    const first = await post("consent-events", csv, "text/csv");
    expect(first).toEqual({ status: 200, body: { accepted: 3, duplicates: 0 } });
    const again = await post("consent-events", csv, "text/csv; charset=utf-8");
    expect(again.body).toEqual({ accepted: 0, duplicates: 3 });
    const [e2] = await t.db.select().from(consentEvents).where(eq(consentEvents.eventId, "e2"));
    expect(e2).toMatchObject({ subjectId: "s1", action: "deny", gpc: true, sourceId: null });
    const [e1] = await t.db.select().from(consentEvents).where(eq(consentEvents.eventId, "e1"));
    expect(e1!.sourceId).not.toBeNull();
  });

  it("reads semicolons and a UTF-8 byte-order mark, and derives an eventId from the content", async () => {
    const csv = [
      "subjectId;purpose;action;occurredAt;channel;region;noticeVersion",
      "s3;newsletter;grant;2026-11-03T10:00:00Z;web;AT;Hinweis für Österreich",
    ].join("\n");
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(csv)]);
    const before = await eventCount();
    expect((await post("consent-events", bytes, "text/csv")).body).toEqual({
      accepted: 1,
      duplicates: 0,
    });
    // The same file again: the derived eventId is the same, so nothing new.
    expect((await post("consent-events", bytes, "text/csv")).body).toEqual({
      accepted: 0,
      duplicates: 1,
    });
    const [row] = await t.db.select().from(consentEvents).where(eq(consentEvents.subjectId, "s3"));
    expect(row!.noticeVersion).toBe("Hinweis für Österreich");
    expect(row!.eventId).toMatch(/^row:/);
    expect(await eventCount()).toBe(before + 1);

    // Empty lines before the header: the header is the first line with text, and the
    // delimiter is its; a header it cannot use is named by its own line.
    const late = await post("consent-events", `\n\n${csv.replace("s3;", "s3b;")}`, "text/csv");
    expect(late.body).toEqual({ accepted: 1, duplicates: 0 });
    const unusable = await post("consent-events", "\nsubjectId;when\ns;x", "text/csv");
    expect(unusable.status).toBe(400);
    expect(unusable.body.error).toMatch(/^The header row \(line 2\) is not usable/);
    expect(unusable.body.issues![0]!.path).toEqual(["line", 2]);
  });

  it("decodes Windows-1252 when the charset says so, and names the line when UTF-8 is wrong", async () => {
    const csv = `${header},noticeVersion\nw1,s4,newsletter,grant,2026-11-03T10:00:00Z,web,DE,,,Hinweis f\xfcr Kunden\n`;
    const latin = Uint8Array.from(csv, (c) => c.charCodeAt(0));
    const wrong = await post("consent-events", latin, "text/csv");
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatch(/^Line 2 is not valid UTF-8 \(column 63\).*windows-1252/);
    expect(wrong.body.issues).toEqual([{ path: ["line", 2], message: wrong.body.error }]);
    const right = await post("consent-events", latin, "text/csv; charset=windows-1252");
    expect(right.body).toEqual({ accepted: 1, duplicates: 0 });
    const [row] = await t.db.select().from(consentEvents).where(eq(consentEvents.eventId, "w1"));
    expect(row!.noticeVersion).toBe("Hinweis für Kunden");
  });

  it("says a UTF-16 body is UTF-16 (with its mark or without), not that a line is broken", async () => {
    const csv = `${header}\nu1,s5,newsletter,grant,2026-11-03T10:00:00Z,web,DE,,\n`;
    for (const mark of [[0xff, 0xfe], []]) {
      const utf16 = new Uint8Array([...mark, ...Buffer.from(csv, "utf16le")]);
      const refused = await post("consent-events", utf16, "text/csv");
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatch(/^The body is UTF-16 .*send CSV as UTF-8/);
    }
    expect(await t.db.select().from(consentEvents).where(eq(consentEvents.eventId, "u1"))).toEqual(
      [],
    );
  });

  it("skips a spreadsheet's empty rows (delimiters only) and numbers the others by their line", async () => {
    const csv = [
      header,
      ",,,,,,,,",
      "e1,s6,newsletter,grant,2026-11-03T10:00:00Z,web,DE,,",
      ",,,,,,,,",
      "e2,s6,newsletter,grant,2026-11-03T10:00:00Z,web,Atlantis,,",
      ",,,,,,,,",
    ].join("\n");
    const refused = await post("consent-events", csv, "text/csv");
    expect(refused.status).toBe(422);
    expect(refused.body.issues!.map((i) => i.path)).toEqual([["line", 5]]);
  });

  it("refuses JSON and NDJSON that are not UTF-8, naming the line, rather than store U+FFFD", async () => {
    const latin = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
    const profile = (n: number, name: string) =>
      JSON.stringify({
        subjectId: `latin-${n}`,
        region: "DE",
        identifiers: {},
        attributes: [{ group: "identity", name: "last_name", value: name }],
      });
    const ndjson = await post(
      "profiles",
      latin(`${profile(1, "Meyer")}
${profile(2, "M\xfcller")}
`),
      "application/x-ndjson",
    );
    expect(ndjson.status).toBe(400);
    expect(ndjson.body.error).toMatch(
      /^Line 2 is not valid UTF-8 \(column \d+\); send JSON as UTF-8$/,
    );
    expect(ndjson.body.issues).toEqual([{ path: ["line", 2], message: expect.any(String) }]);
    const json = await post(
      "profiles",
      latin(`{"profiles":[${profile(3, "M\xfcller")}]}`),
      "application/json",
    );
    expect(json.status).toBe(400);
    expect(json.body.error).toMatch(/^Line 1 is not valid UTF-8/);
    const stored = await t.db
      .select({ subjectId: profiles.subjectId })
      .from(profiles)
      .where(sql`${profiles.subjectId} like 'latin-%'`);
    expect(stored).toEqual([]);
    // The same in UTF-8, with a byte-order mark, is stored as written.
    const utf8 = await post("profiles", `\ufeff${profile(4, "Müller")}\n`, "application/x-ndjson");
    expect(utf8.status).toBe(200);
    const [kept] = await t.db
      .select({ value: profileAttributes.value })
      .from(profileAttributes)
      .where(eq(profileAttributes.subjectId, "latin-4"));
    expect(kept!.value).toBe("Müller");
    // The tests of the profiles route read every stored attribute.
    await t.db.delete(profileAttributes).where(eq(profileAttributes.subjectId, "latin-4"));
    await t.db.delete(profiles).where(eq(profiles.subjectId, "latin-4"));
  });

  it("refuses the whole file when any row is bad, naming each line and field", async () => {
    const before = await eventCount();
    const csv = [
      header,
      "b1,s5,newsletter,grant,2026-11-01T10:00:00Z,web,DE,,",
      "b2,s5,nosuch,grant,2026-11-01T10:00:00Z,web,DE,,",
      "",
      "b3,s5,newsletter,grant,01.11.2026,web,DE,maybe,",
      'b4,s5,newsletter,grant,2026-11-01T10:00:00Z,web,"DE,AT",,',
      "b5,s5,newsletter,grant,2026-11-01T10:00:00Z,web,DE",
    ].join("\n");
    const answer = await post("consent-events", csv, "text/csv");
    expect(answer.status).toBe(422);
    // The row with too few fields is named with every other row's faults, in line order; as
    // docs/api.md has it, the row's line in `path`, the column in `field`.
    expect(answer.body.error).toBe("4 of 5 rows are invalid; nothing was stored");
    expect(answer.body.issues!.map((i) => [i.path, i.field])).toEqual([
      [["line", 3], "purpose"],
      [["line", 5], "occurredAt"],
      [["line", 5], "gpc"],
      [["line", 6], "region"],
      [["line", 7], undefined],
    ]);
    expect(answer.body.issues![0]!.message).toBe('Unknown purpose "nosuch"');
    expect(answer.body.issues!.at(-1)!.message).toBe(
      'Line 7 has 7 fields; the header has 9 (the delimiter is ","; a field holding it must be quoted)',
    );
    expect(await eventCount()).toBe(before);
    // The short row alone: the valid one beside it is not stored either.
    const short = await post(
      "consent-events",
      [header, "b0,s5,newsletter,grant,2026-11-01T10:00:00Z,web,DE,,", csv.split("\n")[6]].join(
        "\n",
      ),
      "text/csv",
    );
    expect(short.status).toBe(422);
    expect(short.body.error).toBe("1 of 2 rows are invalid; nothing was stored");
    expect(short.body.issues!.map((i) => i.path)).toEqual([["line", 3]]);
    expect(await eventCount()).toBe(before);
  });

  it("answers 400 for a header it cannot use and for a broken quote", async () => {
    const unknown = await post(
      "consent-events",
      "subjectId,purpose,when\ns,newsletter,x",
      "text/csv",
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.issues!.map((i) => i.message)).toEqual([
      'Unknown column "when"',
      'A column for "occurredAt" is required',
      'A column for "channel" is required',
      'A column for "region" is required',
      'Consent rows need "purpose" and "action" columns, a "tcString" column, or "consentMode.<signal>" columns',
    ]);
    const quote = await post(
      "consent-events",
      `${header}\nq1,s6,newsletter,grant,2026-11-01T10:00:00Z,web,"DE,,\nq2,s6,newsletter,grant,2026-11-01T10:00:00Z,web,DE,,\n`,
      "text/csv",
    );
    expect(quote.status).toBe(400);
    expect(quote.body.error).toMatch(/^Line 2 opens a quoted field that is never closed/);
    // Past blank lines, at the line the quote opened on (and the issue there).
    const later = await post(
      "consent-events",
      `${header}\nq1,s6,newsletter,grant,2026-11-01T10:00:00Z,web,DE,,\n\n\nq2,s6,newsletter,grant,2026-11-01T10:00:00Z,web,"DE,,\n`,
      "text/csv",
    );
    expect(later.status).toBe(400);
    expect(later.body.error).toMatch(/^Line 5 opens a quoted field that is never closed/);
    expect(later.body.issues!.map((i) => i.path)).toEqual([["line", 5]]);
    const empty = await post("consent-events", "", "text/csv");
    expect(empty.status).toBe(400);
    const latin9 = await post("consent-events", `${header}\n`, "text/csv; charset=koi8-r");
    expect(latin9.status).toBe(415);
  });
});

describe("POST /api/v1/profiles as text/csv", () => {
  it("upserts identifiers and attributes from dotted columns, with the row's source", async () => {
    const csv = [
      "subjectId,region,identifier.email,contact.email,identity.first_name,source",
      "p1,DE,ANA@example.com,ana@example.com,Ana,crm",
      "p2,FR,,,Jean,",
    ].join("\n");
    const answer = await post("profiles", csv, "text/csv");
    expect(answer).toMatchObject({ status: 200, body: { accepted: 2, created: 2 } });
    const attributes = await t.db
      .select({
        subject: profileAttributes.subjectId,
        group: profileAttributes.group,
        name: profileAttributes.name,
        value: profileAttributes.value,
        sourceId: profileAttributes.sourceId,
      })
      .from(profileAttributes)
      .orderBy(profileAttributes.subjectId, profileAttributes.name);
    expect(
      attributes.map((a) => [a.subject, a.group, a.name, a.value, a.sourceId !== null]),
    ).toEqual([
      ["p1", "contact", "email", "ana@example.com", true],
      ["p1", "identity", "first_name", "Ana", true],
      ["p2", "identity", "first_name", "Jean", false],
    ]);
  });

  it("reports bad rows by line and stores none of the file", async () => {
    const csv = ["subjectId,region,contact.email,hobbies.golf", "p3,DE,a@example.com,yes"].join(
      "\n",
    );
    const header400 = await post("profiles", csv, "text/csv");
    expect(header400.status).toBe(400);
    expect(header400.body.issues).toEqual([
      { path: ["line", 1], message: 'Unknown column "hobbies.golf"' },
    ]);

    const rows = [
      "subjectId,region,contact.email",
      "p3,DE,a@example.com",
      "p4,Germany,b@example.com",
      "p3,DE,c@example.com",
    ];
    const answer = await post("profiles", rows.join("\n"), "text/csv");
    expect(answer.status).toBe(422);
    expect(answer.body.issues!.map((i) => [i.path, i.field])).toEqual([
      [["line", 3], "region"],
      [["line", 4], "subjectId"],
    ]);
    // The repeat names the line the subject first came on, not its index in the batch.
    expect(answer.body.issues![1]!.message).toBe('The subject "p3" is already on line 2');
    const stored = await t.db.select().from(profiles).where(eq(profiles.subjectId, "p3"));
    expect(stored).toEqual([]);
  });
});
