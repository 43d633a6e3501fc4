import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "@/db/connect";
import { recordAudit } from "@/lib/audit/record";
import { auditedSubjectRead, getSubjectConsents } from "@/lib/consent/history";
import { recordConsentEvents } from "@/lib/consent/ingest";
import { getConsentMetrics } from "@/lib/metrics/consent";
import { createPurpose, updatePurpose } from "@/lib/purposes";
import { purposeNames } from "@/lib/purposes/names";
import { ada, feeder } from "@/tests/actors";
import { createTestDatabase, testDriver, type TestDatabase } from "@/tests/database";
import { FiguresCache, listenForFigureChanges } from "./figures-cache";

let t: TestDatabase;
/** Where changes are made: on PostgreSQL another connection pool, as another instance would. */
let writer: DatabaseHandle;
const today = "2026-06-30";
const MAX_AGE = 5_000;
let time = 0;
let cache: FiguresCache;

const event = (n: number, action = "grant") => ({
  eventId: `fc-${n}`,
  subjectId: `s-${n}`,
  purpose: "newsletter",
  action,
  occurredAt: "2026-06-01T10:00:00Z",
  channel: "web",
  region: "DE",
});

const consentFigures = () => cache.get("consent", () => getConsentMetrics(t.db, {}, today));

async function until(check: () => boolean, what: string) {
  for (let i = 0; i < 100; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting until ${what}`);
}

beforeAll(async () => {
  t = await createTestDatabase();
  writer =
    testDriver === "postgres" ? await openDatabase({ driver: "postgres", url: t.url!, max: 2 }) : t;
  await createPurpose(t.db, ada, {
    key: "newsletter",
    name: "Newsletter",
    functionalArea: "marketing",
    legalBasis: "consent",
    customerDescription: "We email you news.",
    dataCategories: ["contact"],
    retentionDays: 365,
    status: "active",
  });
  await recordConsentEvents(t.db, feeder, [event(1)]);
  // This process's cache on a clock the test moves; it hears changes only through NOTIFY.
  cache = new FiguresCache(
    () => MAX_AGE,
    () => time,
  );
  await listenForFigureChanges(t, cache);
});
afterAll(async () => {
  if (writer !== t) await writer?.close();
  await t?.drop();
});

describe(`figures cache and changes on ${testDriver}`, () => {
  it("an ingested event shows once the figures are as old as stated, not before", async () => {
    const before = await consentFigures();
    expect(before.value.overall).toMatchObject({ numerator: 1, denominator: 1 });
    await recordConsentEvents(writer.db, feeder, [event(2, "deny")]);
    // Ingestion drops nothing (events arrive all the time): the figures stay until they age out.
    await new Promise((r) => setTimeout(r, 200));
    time += MAX_AGE - 1;
    expect((await consentFigures()).value).toEqual(before.value);
    time += 1;
    const after = await consentFigures();
    expect(after.value.overall).toMatchObject({ numerator: 1, denominator: 2 });
    expect(after.asOf.getTime()).toBe(before.asOf.getTime() + MAX_AGE);
  });

  it("a purpose edit committed by any instance drops the figures at once", async () => {
    const names = () => cache.get("names:en", () => purposeNames(t.db, "en"));
    expect((await names()).value.newsletter).toBe("Newsletter");
    await updatePurpose(writer.db, ada, "newsletter", { version: 1, name: "News by e-mail" });
    await until(() => cache.size === 0, "the edit's notification arrived");
    expect((await names()).value.newsletter).toBe("News by e-mail");
  });

  it("looking up a customer's record (an audited read) drops nothing", async () => {
    const kept = await consentFigures();
    await auditedSubjectRead(writer.db, ada, "s-1", "api", () =>
      getSubjectConsents(writer.db, "s-1"),
    );
    await new Promise((r) => setTimeout(r, 200));
    const again = await cache.get("consent", () => Promise.reject(new Error("read again")));
    expect(again).toEqual(kept);
  });

  it("a change that rolls back drops nothing", async () => {
    const kept = await consentFigures();
    await expect(
      writer.db.transaction(async (tx) => {
        await recordAudit(tx, ada, { action: "purpose.update", entityType: "purpose" });
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    await new Promise((r) => setTimeout(r, 200));
    const again = await cache.get("consent", () => Promise.reject(new Error("read again")));
    expect(again).toEqual(kept);
  });
});
