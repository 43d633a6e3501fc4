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
import { getProfileMetrics } from "@/lib/metrics/profiles";
import { upsertProfiles } from "@/lib/profiles/ingest";
import { FiguresCache, figuresVersionOf, readThrough } from "./figures-cache";

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

/** Figures through this process's cache, at the version the database has now. */
const cached = <T>(key: string, load: () => Promise<T>) => readThrough(cache, t.db, key, load);
const consentFigures = () => cached("consent", () => getConsentMetrics(t.db, {}, today));

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
  // This process's cache on a clock the test moves; it learns of changes only from the database.
  cache = new FiguresCache(
    () => MAX_AGE,
    () => time,
  );
});
afterAll(async () => {
  if (writer !== t) await writer?.close();
  await t?.drop();
});

describe(`figures cache and changes on ${testDriver}`, () => {
  it("an event ingested by any instance shows on the next read, however young the figures", async () => {
    const before = await consentFigures();
    expect(before.value.overall).toMatchObject({ numerator: 1, denominator: 1 });
    await recordConsentEvents(writer.db, feeder, [event(2, "deny")]);
    const after = await consentFigures();
    expect(after.value.overall).toMatchObject({ numerator: 1, denominator: 2 });
    // Read again, not aged out: the clock has not moved.
    expect(after.asOf.getTime()).toBe(before.asOf.getTime());
    expect(after.value).not.toBe(before.value);
  });

  it("a profile ingested by any instance shows on the next read", async () => {
    const profilesFigures = () => cached("profiles", () => getProfileMetrics(t.db, {}));
    const before = await profilesFigures();
    await upsertProfiles(writer.db, feeder, [{ subjectId: "p-1", region: "DE" }]);
    const after = await profilesFigures();
    expect(after.value.profiles).toBe(before.value.profiles + 1);
  });

  it("a purpose edit committed by any instance shows on the next read", async () => {
    const names = () => cached("names:en", () => purposeNames(t.db, "en"));
    expect((await names()).value.newsletter).toBe("Newsletter");
    await updatePurpose(writer.db, ada, "newsletter", { version: 1, name: "News by e-mail" });
    expect((await names()).value.newsletter).toBe("News by e-mail");
  });

  it("unchanged figures are shared until they are as old as stated", async () => {
    const kept = await consentFigures();
    time += MAX_AGE - 1;
    const again = await cached("consent", () => Promise.reject(new Error("read again")));
    expect(again).toEqual(kept);
    time += 1;
    const aged = await consentFigures();
    expect(aged.asOf.getTime()).toBe(kept.asOf.getTime() + MAX_AGE);
  });

  it("looking up a customer's record (an audited read) changes nothing", async () => {
    const kept = await consentFigures();
    await auditedSubjectRead(writer.db, ada, "s-1", "api", () =>
      getSubjectConsents(writer.db, "s-1"),
    );
    const again = await cached("consent", () => Promise.reject(new Error("read again")));
    expect(again).toEqual(kept);
  });

  it("a change that rolls back moves nothing: the figures are not read again", async () => {
    const kept = await consentFigures();
    await expect(
      writer.db.transaction(async (tx) => {
        await recordAudit(tx, ada, { action: "purpose.update", entityType: "purpose" });
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    const again = await cached("consent", () => Promise.reject(new Error("read again")));
    expect(again).toEqual(kept);
  });

  it("a change recording several audit events moves the figures' version once", async () => {
    // A Segment batch stores profiles and consent events in one transaction, each with its audit
    // event: one row every ingest writes, so one update of it a change, not one an event.
    const before = await figuresVersionOf(writer.db);
    await writer.db.transaction(async (tx) => {
      await recordAudit(tx, ada, { action: "purpose.update", entityType: "purpose" });
      await recordAudit(tx, feeder, {
        action: "consent_events.ingest",
        entityType: "consent_events",
      });
    });
    expect(await figuresVersionOf(writer.db)).toBe(before + 1);
    // And the next change moves it again.
    await recordAudit(writer.db, ada, { action: "purpose.update", entityType: "purpose" });
    expect(await figuresVersionOf(writer.db)).toBe(before + 2);
  });

  it("a batch of events all stored before moves nothing", async () => {
    const kept = await consentFigures();
    await recordConsentEvents(writer.db, feeder, [event(1)]);
    const again = await cached("consent", () => Promise.reject(new Error("read again")));
    expect(again).toEqual(kept);
  });

  it.runIf(testDriver === "postgres")(
    "a read made while a change commits keeps nothing stale after the commit",
    async () => {
      const before = await consentFigures();
      let during: typeof before | undefined;
      // Inside the writer's transaction, after its audit event: what another instance reads then.
      await recordConsentEvents(writer.db, feeder, [event(4)], {
        alongside: async () => {
          during = await consentFigures();
        },
      });
      expect(during!.value).toEqual(before.value);
      const after = await consentFigures();
      expect(after.value.overall).toMatchObject({
        numerator: before.value.overall.numerator + 1,
        denominator: before.value.overall.denominator + 1,
      });
    },
  );
});
